package mms.gofmt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoStringsTest {
    @Test
    void decodesGoEscapes() {
        assertThat(GoStrings.unquote("a\\x41\\u00e9\\n", '"')).isEqualTo("aAé\n");
    }

    @Test
    void rejectsSignedHexEscapesAsGoDoes() {
        assertThat(GoStrings.unquote("\\x+1", '"')).isNull();
        assertThat(GoStrings.unquote("\\u+041", '"')).isNull();
    }
}

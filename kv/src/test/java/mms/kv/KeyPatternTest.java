package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPatternTest {
    @ParameterizedTest
    @CsvSource({
            "machines, machines, true", "machines, machines.x, false",
            "a.*, a.b, true", "a.*, a.b.c, false", "a.*, a, false",
            "a.>, a.b, true", "a.>, a.b.c, true", "a.>, a, false",
            "*.b, a.b, true", "a.*.c, a.x.c, true", "a.*.c, a.x.d, false",
            ">, anything.at.all, true", "*, single, true", "*, two.tokens, false"})
    void matchesLikeNatsSubjects(String pattern, String key, boolean matches) throws Exception {
        assertThat(KeyPattern.parse(pattern).matches(key)).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a..b", "a.>.b", ".a", "a b", "a.b*"})
    void rejectsMalformedPatterns(String pattern) {
        assertThatThrownBy(() -> KeyPattern.parse(pattern)).isInstanceOf(InvalidName.class);
    }

    @Test
    void knowsLiteralPatterns() throws Exception {
        assertThat(KeyPattern.parse("a.b").isLiteral()).isTrue();
        assertThat(KeyPattern.parse("a.*").isLiteral()).isFalse();
        assertThat(KeyPattern.ALL.isLiteral()).isFalse();
    }
}

package mms.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoJsonTest {

    @Test
    void floatsAreWrittenAsGoWritesThem() {
        assertThat(Json.write(GoJson.number(1.0))).isEqualTo("1");
        assertThat(Json.write(GoJson.number(0.5))).isEqualTo("0.5");
        assertThat(Json.write(GoJson.number(59.67))).isEqualTo("59.67");
        assertThat(Json.write(GoJson.number(-237))).isEqualTo("-237");
        assertThat(Json.write(GoJson.number(1000000))).isEqualTo("1000000");
        assertThat(Json.write(GoJson.number(0.1 + 0.2))).isEqualTo("0.30000000000000004");
        assertThat(Json.write(GoJson.number(Double.NaN))).isEqualTo("null");
    }

    @Test
    void timesAreRfc3339WithTheFractionTheyNeed() {
        assertThat(GoJson.time(Instant.parse("2020-12-02T16:02:33Z"))).isEqualTo("2020-12-02T16:02:33Z");
        assertThat(GoJson.time(Instant.parse("2020-12-02T16:02:33.500Z"))).isEqualTo("2020-12-02T16:02:33.5Z");
        assertThat(GoJson.time(Instant.parse("2020-12-02T16:02:33.000001200Z"))).isEqualTo("2020-12-02T16:02:33.0000012Z");
    }
}

package mms.duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"300ms,300000000", "1.5h,5400000000000", "2h45m,9900000000000", "0,0", "10s,10000000000",
            "1us,1000", "1µs,1000", "1μs,1000", "-1m,-60000000000", "+1m,60000000000", ".5s,500000000", "5.s,5000000000",
            "1h30m10s,5410000000000", "1.0000000009s,1000000000", "-0,0",
            // the largest duration, with whole numbers only (long arithmetic) and with a fraction
            "9223372036854775807ns,9223372036854775807", "2562047h47m16s854775807ns,9223372036854775807",
            "2562047h47m16.854775807s,9223372036854775807", "-9223372036854775807ns,-9223372036854775807",
            "00000000000000000000001s,1000000000"})
    void parsesGoDurations(String text, long nanos) throws Exception {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10|time: missing unit in duration \"10\"",
        "1d|time: unknown unit \"d\" in duration \"1d\"",
        "abc|time: invalid duration \"abc\"",
        "-|time: invalid duration \"-\"",
        "1.s.|time: invalid duration \"1.s.\"",
        "3000000h|time: invalid duration \"3000000h\"",
        "9223372036854775808ns|time: invalid duration \"9223372036854775808ns\"",
        "2562047h47m16s854775808ns|time: invalid duration \"2562047h47m16s854775808ns\"",
        "2562047h47m16.854775808s|time: invalid duration \"2562047h47m16.854775808s\"",
        "99999999999999999999s|time: invalid duration \"99999999999999999999s\"",
        "' 5s'|time: invalid duration \" 5s\"",
        "''|time: invalid duration \"\""})
    void rejectsBadGoDurationsWithGoMessages(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "120000000000,2m0s", "300000000000,5m0s", "3600000000000,1h0m0s", "90000000000,1m30s",
            "259200000000000,72h0m0s", "1500000000,1.5s", "500000000,500ms", "1500000,1.5ms", "1000,1µs", "7,7ns",
            "-1500000000,-1.5s"})
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"1.5d,36", "0.5d,12", "1.1d,26", "0.01d,0", "1w,168", "-1w,-168", "1M,720", "1y,8760", "2D,48"})
    void choriaLongUnitsTruncateToWholeHours(String text, long hours) throws Exception {
        assertThat(ChoriaDuration.parse(text)).isEqualTo(Duration.ofHours(hours));
    }

    @ParameterizedTest
    @CsvSource({"10s,10000000000", "1m,60000000000", "1h30m10s,5410000000000", "500ms,500000000", "' 5m ',300000000000"})
    void choriaShortUnitsUseGoSyntax(String text, long nanos) throws Exception {
        assertThat(ChoriaDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10|invalid time unit 0", "0|invalid time unit 0",
        "10S|time: unknown unit \"S\" in duration \"10S\"", "1d12h|time: unknown unit \"d\" in duration \"1d12h\""})
    void choriaRejectsWhatTheOriginalRejects(String text, String message) {
        assertThatThrownBy(() -> ChoriaDuration.parse(text)).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void blankChoriaDurationIsZero() throws Exception {
        assertThat(ChoriaDuration.parse("  ")).isZero();
    }
}

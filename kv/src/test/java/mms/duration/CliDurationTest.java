package mms.duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CliDurationTest {
    @Test
    void parsesGoSyntaxWithCompoundDaysWeeksMonthsAndYears() throws Exception {
        assertThat(CliDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(CliDuration.parse("-0")).isEqualTo(Duration.ZERO);
        assertThat(CliDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(CliDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliDuration.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(CliDuration.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(CliDuration.parse("1W1D")).isEqualTo(Duration.ofDays(8));
        assertThat(CliDuration.parse("1M")).isEqualTo(Duration.ofDays(30));
        assertThat(CliDuration.parse("1y1d1µs")).isEqualTo(Duration.ofDays(366).plusNanos(1000));
        assertThat(CliDuration.parse("-1y1d1µs")).isEqualTo(Duration.ofDays(366).plusNanos(1000).negated());
        assertThat(CliDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(CliDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CliDuration.parse(".5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliDuration.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rejectsEmptyTextMissingAndUnknownUnitsNamingTheProblem() {
        assertThatThrownBy(() -> CliDuration.parse("")).isInstanceOf(DurationFormatException.class)
                .hasMessage("invalid duration '': a duration like 1h or 2d12h is required");
        assertThatThrownBy(() -> CliDuration.parse("10")).hasMessage("invalid duration '10': missing unit after 10");
        assertThatThrownBy(() -> CliDuration.parse("5")).hasMessage("invalid duration '5': missing unit after 5");
        assertThatThrownBy(() -> CliDuration.parse("10S"))
                .hasMessage("invalid duration '10S': unknown unit 'S' (use ns, us, ms, s, m, h, d, w, M or y)");
        assertThatThrownBy(() -> CliDuration.parse("soon"))
                .hasMessage("invalid duration 'soon': expected a number at 'soon', as in 30s, 5m, 1h30m or 1d12h");
        assertThatThrownBy(() -> CliDuration.parse("-")).hasMessage("invalid duration '-': no number");
        assertThatThrownBy(() -> CliDuration.parse("300y")).hasMessage("invalid duration '300y': too large, the maximum is about 292y");
    }
}

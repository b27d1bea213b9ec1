package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KvCliDurationTest {
    @Test
    void parsesGoSyntaxWithCompoundDaysWeeksMonthsAndYears() {
        assertThat(KvCliDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(KvCliDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(KvCliDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(KvCliDuration.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(KvCliDuration.parse("1W1D")).isEqualTo(Duration.ofDays(8));
        assertThat(KvCliDuration.parse("1M")).isEqualTo(Duration.ofDays(30));
        assertThat(KvCliDuration.parse("-1y1d1µs")).isEqualTo(Duration.ofDays(366).plusNanos(1000).negated());
        assertThat(KvCliDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void rejectsEmptyTextMissingAndUnknownUnits() {
        assertThatThrownBy(() -> KvCliDuration.parse("")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("invalid duration ''");
        assertThatThrownBy(() -> KvCliDuration.parse("10")).hasMessage("invalid duration '10': missing unit after 10");
        assertThatThrownBy(() -> KvCliDuration.parse("10S")).hasMessageContaining("unknown unit 'S'");
        assertThatThrownBy(() -> KvCliDuration.parse("300y")).hasMessageContaining("too large");
    }
}

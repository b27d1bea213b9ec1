package mms.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import mms.time.FailureSeries.Report;
import org.junit.jupiter.api.Test;

class FailureSeriesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final FailureSeries series = new FailureSeries(Duration.ofMinutes(10));

    @Test
    void theSameFailureIsReportedOnceThenAsAReminder() {
        assertThat(series.failed("404", T0)).isEqualTo(Report.NEW);
        assertThat(series.failed("404", T0.plusSeconds(5))).isEqualTo(Report.QUIET);
        assertThat(series.failed("404", T0.plusSeconds(599))).isEqualTo(Report.QUIET);
        assertThat(series.failed("404", T0.plusSeconds(600))).isEqualTo(Report.REMINDER);
        assertThat(series.failed("404", T0.plusSeconds(700))).isEqualTo(Report.QUIET);
        assertThat(series.failures()).isEqualTo(5);
        assertThat(series.since()).contains(T0);
    }

    @Test
    void anotherFailureIsNewButContinuesTheSeries() {
        series.failed("404", T0);
        assertThat(series.failed("500", T0.plusSeconds(5))).isEqualTo(Report.NEW);
        assertThat(series.failed("404", T0.plusSeconds(10))).isEqualTo(Report.NEW);
        assertThat(series.failures()).isEqualTo(3);
        assertThat(series.since()).contains(T0);
    }

    @Test
    void successEndsTheSeries() {
        assertThat(series.succeeded()).isFalse();
        series.failed("404", T0);
        assertThat(series.succeeded()).isTrue();
        assertThat(series.failures()).isZero();
        assertThat(series.since()).isEmpty();
        assertThat(series.failed("404", T0.plusSeconds(5))).isEqualTo(Report.NEW);
        assertThat(series.since()).contains(T0.plusSeconds(5));
    }

    @Test
    void theFirstReminderCanComeSoonerThanTheOnesAfterIt() {
        FailureSeries outage = new FailureSeries(Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(outage.failed("lost", T0)).isEqualTo(Report.NEW);
        assertThat(outage.failed("lost", T0.plusSeconds(59))).isEqualTo(Report.QUIET);
        assertThat(outage.failed("lost", T0.plusSeconds(60))).isEqualTo(Report.REMINDER);
        assertThat(outage.failed("lost", T0.plusSeconds(359))).isEqualTo(Report.QUIET);
        assertThat(outage.failed("lost", T0.plusSeconds(360))).isEqualTo(Report.REMINDER);
        assertThat(outage.failed("other", T0.plusSeconds(400))).isEqualTo(Report.NEW);
        assertThat(outage.failed("other", T0.plusSeconds(460))).isEqualTo(Report.REMINDER);
    }

    @Test
    void refusesANonPositiveReminderPeriod() {
        assertThatThrownBy(() -> new FailureSeries(Duration.ZERO)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new FailureSeries(Duration.ofMinutes(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("must be positive");
    }
}

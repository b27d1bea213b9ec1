package mms.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Consecutive failures of one thing that retries (a watcher's checks, a watcher's runs, a NATS
 * connection's reconnect attempts) and how loudly to report each: a new failure is worth a full
 * report, the same failure again only a reminder now and then, so a fault that lasts an hour gives
 * a few log lines instead of one per retry. Not thread-safe: used by one loop thread, or under the
 * owner's lock.
 */
public final class FailureSeries {

    /** How to report one failure. */
    public enum Report {
        /** The first failure of the series, or one that differs from the previous: report it in full. */
        NEW,
        /** The same failure again, and the reminder period has passed since it was last reported. */
        REMINDER,
        /** The same failure again, reported recently: keep it quiet (debug). */
        QUIET
    }

    private final Duration firstReminder;
    private final Duration reminderEvery;
    private int failures;
    private Instant since;
    private String lastError;
    private Instant nextReminder;

    /**
     * A series that reminds every {@code reminder}.
     *
     * @param reminder how long the same failure stays quiet after being reported, positive
     * @throws IllegalArgumentException when {@code reminder} is not positive
     */
    public FailureSeries(Duration reminder) {
        this(reminder, reminder);
    }

    /**
     * A series whose first reminder comes sooner (or later) than the ones after it.
     *
     * @param firstReminder how long a new failure stays quiet after its full report, positive
     * @param reminderEvery how long it stays quiet after each reminder, positive
     * @throws IllegalArgumentException when a period is not positive
     */
    public FailureSeries(Duration firstReminder, Duration reminderEvery) {
        this.firstReminder = positive(firstReminder);
        this.reminderEvery = positive(reminderEvery);
    }

    private static Duration positive(Duration period) {
        Objects.requireNonNull(period, "reminder period");
        if (!period.isPositive()) {
            throw new IllegalArgumentException("reminder period must be positive, got " + period);
        }
        return period;
    }

    /**
     * Counts a failure.
     *
     * @param error what went wrong, as it would be reported; failures are the same when these are equal
     * @param now   the current time on the loop's clock
     * @return how loudly to report it
     */
    public Report failed(String error, Instant now) {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(now, "now");
        failures++;
        if (failures == 1) {
            since = now;
        }
        if (!error.equals(lastError)) {
            lastError = error;
            nextReminder = now.plus(firstReminder);
            return Report.NEW;
        }
        if (!now.isBefore(nextReminder)) {
            nextReminder = now.plus(reminderEvery);
            return Report.REMINDER;
        }
        return Report.QUIET;
    }

    /**
     * Ends the series: the next failure starts a new one and is reported in full.
     *
     * @return whether there were failures to end
     */
    public boolean succeeded() {
        boolean failing = failures > 0;
        failures = 0;
        since = null;
        lastError = null;
        nextReminder = null;
        return failing;
    }

    /** How many failures in a row, 0 when none: the retry number for a backoff. */
    public int failures() {
        return failures;
    }

    /** When the series began; empty when there is no failure. */
    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }
}

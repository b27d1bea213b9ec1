package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;

/**
 * The type-specific part of a watcher's state notification (for exec: {@code command},
 * {@code previous_outcome}, {@code previous_run_time}). Each watcher type provides a record.
 */
public interface WatcherState {

    /** Appends this state's members, in the original's order, after the common ones. */
    void writeTo(ObjectNode data);

    /**
     * The text form, e.g. {@code <identity> <machine>#<watcher> command: ..., previous: success ran: 0.010s}.
     */
    String text(String identity, String machine, String watcher);

    /**
     * The outcome of the last run by its wire name ({@code previous_outcome}, or {@code state} for
     * kv), for metrics.
     *
     * @return the outcome; empty for types without runs ({@code timer}, {@code schedule})
     */
    default Optional<String> outcome() {
        return Optional.empty();
    }

    /**
     * How long the last run took ({@code previous_run_time}), for metrics.
     *
     * @return the duration; empty for types that do not measure it
     */
    default Optional<Duration> runTime() {
        return Optional.empty();
    }

    /** Seconds with three decimals, as the original prints run times. */
    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }
}

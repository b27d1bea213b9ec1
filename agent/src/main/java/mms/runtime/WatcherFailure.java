package mms.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * The last failed run of a watcher: the unexpected exception or error it ended with. The runtime
 * runs the watcher again after a backoff; this stays as a record of what happened.
 *
 * @param watcher the watcher's name, not null
 * @param error   the exception or error, as {@code toString()} prints it (class and message), not null
 * @param at      when the run failed, on the machine's clock, not null
 * @param times   how many runs in a row have failed, at least 1 (a run lasting a minute or longer
 *                before failing starts a new series)
 * @param since   when the first of these failed runs in a row happened, not null
 */
public record WatcherFailure(String watcher, String error, Instant at, int times, Instant since) {

    /** Validates. */
    public WatcherFailure {
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(since, "since");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
    }
}

package mms.watcher;

import java.time.Duration;
import java.time.Instant;

/**
 * What the runtime does for a watcher's loop: the common behaviour of every type
 * ({@code state_match}, {@code foreign_state_required}, transitions, publication, wake-ups).
 */
public interface WatcherRuntime {

    /** The watcher's machine. */
    MachineContext machine();

    /** The watcher's logger. */
    WatcherLog log();

    /**
     * Whether the watcher is active now: the machine is in one of {@code state_match} (or it is
     * empty) and every {@code foreign_state_required} holds. Evaluated fresh on each call.
     */
    boolean shouldWatch();

    /**
     * Fires {@code success_transition} if set.
     *
     * @throws InterruptedException when the machine stops meanwhile
     */
    void success() throws InterruptedException;

    /**
     * Fires {@code fail_transition} if set.
     *
     * @throws InterruptedException when the machine stops meanwhile
     */
    void failure() throws InterruptedException;

    /** Publishes the watcher's {@link Watcher#currentState()}. */
    void publish();

    /**
     * Reports that one run (a command, a check, a download) has finished and that
     * {@link Watcher#currentState()} now describes it. Call it once per run that was active, not
     * for skipped ones, whether or not the run is published: watchers publish what changed, while
     * the agent's metrics count every run, its outcome and duration. Nothing of it leaves the agent.
     */
    void ran();

    /**
     * Waits for a wake-up (a state change, or a data or facts change when the watcher asked for
     * those) or until {@code deadline}, whichever comes first. Pending wake-ups coalesce into one.
     *
     * @return true when woken up, false when the deadline passed
     * @throws InterruptedException when the machine stops
     */
    boolean awaitWakeup(Instant deadline) throws InterruptedException;

    /** {@link #awaitWakeup(Instant)} with a relative timeout. */
    default boolean awaitWakeup(Duration timeout) throws InterruptedException {
        return awaitWakeup(machine().time().instant().plus(timeout));
    }

    /** Waits for a wake-up without a deadline. @throws InterruptedException when the machine stops */
    default void awaitWakeup() throws InterruptedException {
        awaitWakeup(Instant.MAX);
    }

    /** Now, on the machine's clock. */
    default Instant now() {
        return machine().time().instant();
    }
}

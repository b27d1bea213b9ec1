package mms.watcher;

import mms.event.WatcherState;

/**
 * A running check inside a machine. The runtime calls {@link #run} on a virtual thread named
 * {@code machine#watcher} and interrupts it when the machine stops.
 */
public interface Watcher {

    /** The common settings this watcher was built with. */
    WatcherSettings settings();

    /**
     * The watcher's loop: wait for wake-ups or time through the runtime, check, report outcomes.
     * Returns only when interrupted (or when it has nothing more to do). An unexpected exception
     * or error ends this run only: the runtime reports it and, after a backoff, calls {@code run}
     * again on the same instance, until the machine stops.
     *
     * @throws InterruptedException when the machine stops; never swallow it
     */
    void run(WatcherRuntime runtime) throws InterruptedException;

    /** The state published on notify and by the announce loop. Must be cheap and thread-safe. */
    WatcherState currentState();

    /**
     * Whether a change of machine data by another watcher should wake this one at once. True for
     * watchers whose checks read machine data (templates with {@code lookup}, {@code data_item}).
     */
    default boolean wakeOnDataChange() {
        return false;
    }

    /**
     * Whether a change of the node's facts should wake this one at once. By default the same as
     * {@link #wakeOnDataChange()}: templates read facts as well as data.
     */
    default boolean wakeOnFactsChange() {
        return wakeOnDataChange();
    }

    /** Releases what the watcher holds (subscriptions, files); called after its loop ended. */
    default void close() {}
}

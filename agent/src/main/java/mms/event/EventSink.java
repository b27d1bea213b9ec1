package mms.event;

/**
 * Somewhere events go. Sinks are called on the thread that produced the event, so they must be
 * quick and must not throw; one that does I/O buffers or drops, and reports its own failures.
 */
public interface EventSink extends AutoCloseable {

    /** Delivers one event. */
    void publish(MachineEvent event);

    /**
     * A watcher finished one run, which {@code run} describes: called for every run, also those the
     * watcher does not publish (it publishes only what changed), so that metrics can count them.
     * This is not an event: it never goes on the wire, and the default ignores it.
     */
    default void ran(WatcherStateNotification run) {}

    /** Flushes and releases resources; the default does nothing. */
    @Override
    default void close() {}
}

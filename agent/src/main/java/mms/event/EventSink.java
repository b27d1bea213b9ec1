package mms.event;

/**
 * Somewhere events go. Sinks are called on the thread that produced the event, so they must be
 * quick and must not throw; one that does I/O buffers or drops, and reports its own failures.
 */
public interface EventSink extends AutoCloseable {

    /** Delivers one event. */
    void publish(MachineEvent event);

    /** Flushes and releases resources; the default does nothing. */
    @Override
    default void close() {}
}

package mms.kv;

import java.time.Duration;
import java.util.Optional;

/**
 * A running watch: a blocking queue of {@link WatchEvent}s, meant to be drained by one (virtual)
 * thread. Events arrive in revision order per bucket. Close it to stop; closing is idempotent and
 * wakes a blocked reader with {@link WatchClosed}. The watch keeps running through store outages
 * (JetStream reconnects and resumes; SQLite retries), delivering what it missed once the store is back.
 */
public interface KvWatch extends AutoCloseable {

    /**
     * Waits for the next event.
     *
     * @return the event, never null
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws WatchClosed          when the watch is (or gets) closed
     */
    WatchEvent next() throws InterruptedException, WatchClosed;

    /**
     * Waits at most {@code timeout} for the next event.
     *
     * @param timeout how long to wait, not null
     * @return the event, or empty when none arrived in time
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws WatchClosed          when the watch is (or gets) closed
     */
    Optional<WatchEvent> poll(Duration timeout) throws InterruptedException, WatchClosed;

    /** Stops the watch and releases its resources; never throws. */
    @Override
    void close();
}

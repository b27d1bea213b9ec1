package mms.governor;

import java.time.Duration;

/**
 * A host service that hands out a bounded number of concurrent slots per governor name
 * ({@code governor.md} §3, §4). Implementations are thread-safe; one instance serves every machine.
 *
 * <p>Implementations publish the governor lifecycle events ({@code events.md} §4): {@code timeouts}
 * (sequence 0) when no slot could be obtained, {@code enter} with the slot's sequence on success and
 * {@code exit} when the slot is closed, with {@code component} as the event's component.
 */
public interface Governor {

    /**
     * Campaigns for a slot in governor {@code name}, retrying with the original's "FiveSec" backoff
     * until a slot is free or {@code timeout} passes.
     *
     * @param name      the governor name (already template-processed), never {@code null} or empty
     * @param timeout   how long to wait for a slot ({@code governor_timeout}), positive
     * @param holder    the entry stored in the slot, for agents
     *                  {@code Auto Agent  <machine>#<watcher> @ <identity>} (two spaces), never {@code null}
     * @param component the lifecycle event component, for agents the machine name, never {@code null}
     * @return the held slot; the caller must {@link Slot#close() close} it when the governed work ends
     * @throws GovernorException    when no slot was obtained within {@code timeout}, or the governor
     *                              does not exist or cannot be reached; the message names the governor
     * @throws InterruptedException when the calling thread is interrupted while waiting (the machine
     *                              stops); the campaign is abandoned
     */
    Slot enter(String name, Duration timeout, String holder, String component)
            throws GovernorException, InterruptedException;

    /** A held slot. Closing releases it; closing twice does nothing. */
    interface Slot extends AutoCloseable {

        /** The slot's sequence in the governor (the original's "sequence"), positive. */
        long sequence();

        /** Releases the slot. Failures are logged by the implementation, never thrown. */
        @Override
        void close();
    }
}

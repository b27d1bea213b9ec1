package mms.governor;

import java.time.Duration;
import java.util.List;

/**
 * Fleet-wide (JetStream) or host-wide (SQLite) concurrency limits by name. Obtain one with
 * {@link Governors#open}; it is thread-safe and meant to be shared (agents offer it to watchers as
 * a host service). Names are 1..64 characters of letters, digits, {@code _} and {@code -}.
 */
public interface Governor extends AutoCloseable {

    /**
     * Waits for a slot with the agents' campaign ({@link EnterOptions#of}).
     *
     * @param name    governor name, which must exist
     * @param holder  free-text name shown by {@code view}, e.g. {@code Auto Agent  m#w @ node1}
     * @param timeout how long to wait at most
     * @return the held slot; close it when the work is done
     * @throws UnknownGovernor      when the governor does not exist
     * @throws NoSlotException      when no slot became free in time
     * @throws GovernorException    when the store fails
     * @throws InterruptedException when the caller is interrupted while waiting; nothing is held then
     */
    default Slot enter(String name, String holder, Duration timeout) throws GovernorException, InterruptedException {
        return enter(name, holder, EnterOptions.of(timeout));
    }

    /**
     * Waits for a slot. Every try that might have taken a slot is either turned into the returned
     * slot or undone before this method returns or throws: giving up never leaves an orphan slot
     * behind while the store is reachable.
     *
     * @param name    governor name, which must exist
     * @param holder  free-text name shown by {@code view}
     * @param options timeout, retry policy and whether closing leaves
     * @return the held slot
     * @throws UnknownGovernor      when the governor does not exist
     * @throws NoSlotException      when no slot became free in time
     * @throws GovernorException    when the store fails
     * @throws InterruptedException when interrupted while waiting; nothing is held then
     */
    Slot enter(String name, String holder, EnterOptions options) throws GovernorException, InterruptedException;

    /**
     * Creates a governor, or changes an existing one's capacity, expiry and replicas to these.
     *
     * @param name     governor name
     * @param capacity most holders at once, at least 1
     * @param expire   slot lifetime without keep-alive, at least 1 s
     * @param replicas copies of the state (1..5; SQLite accepts only 1)
     * @return the configuration now in force
     * @throws GovernorException when it cannot be created or changed
     */
    GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws GovernorException;

    /**
     * Returns the names of all governors, sorted.
     *
     * @throws GovernorException when the store fails
     */
    List<String> list() throws GovernorException;

    /**
     * Returns a governor's configuration and holders.
     *
     * @throws UnknownGovernor   when it does not exist
     * @throws GovernorException when the store fails
     */
    GovernorView view(String name) throws GovernorException;

    /**
     * Frees another holder's slot.
     *
     * @return the evicted holder's name
     * @throws UnknownGovernor   when the governor does not exist
     * @throws GovernorException when there is no slot {@code sequence} or the store fails
     */
    String evict(String name, long sequence) throws GovernorException;

    /**
     * Frees every slot.
     *
     * @return how many were freed
     * @throws UnknownGovernor   when the governor does not exist
     * @throws GovernorException when the store fails
     */
    int reset(String name) throws GovernorException;

    /**
     * Deletes a governor and its slots.
     *
     * @throws UnknownGovernor   when it does not exist
     * @throws GovernorException when the store fails
     */
    void remove(String name) throws GovernorException;

    /**
     * Sends a lifecycle event to this governor's event sink and, for JetStream, publishes it on its
     * NATS subject. Never throws.
     */
    void announce(GovernorEvent event);

    /** Releases the connection; slots still held stop being kept alive. */
    @Override
    void close();
}

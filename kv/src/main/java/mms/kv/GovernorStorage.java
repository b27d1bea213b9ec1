package mms.kv;

import java.time.Duration;
import java.util.List;

/**
 * The governors of a store: named limits on how many holders may be inside at once, fleet-wide on
 * a NATS store (JetStream streams in the layout of Choria's governor, so {@code choria governor}
 * and Choria agents share them) and across the processes of one host on a SQLite store (tables in
 * the same database file). Obtain it from {@link KeyValueStore#governors()}; it works on the
 * store's own connection and is valid as long as the store is open. Closing the store stops
 * keeping its held slots alive, which then expire. Thread safe.
 *
 * <p>Governor names are 1 to 64 letters, digits, {@code _} and {@code -}; a bad name is an
 * {@link InvalidName}.
 */
public interface GovernorStorage {

    /** The collective whose subjects Choria uses unless configured otherwise: {@code choria.governor.<name>}. */
    String DEFAULT_COLLECTIVE = "choria";

    /**
     * Checks a collective name: one NATS subject token of letters, digits, {@code _} or {@code -},
     * because it becomes the first token of the governor subjects.
     *
     * @return the collective
     * @throws IllegalArgumentException naming the bad value
     */
    static String checkCollective(String collective) {
        if (collective == null || !collective.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("governor collective '" + collective + "' is not a valid subject token"
                    + " (letters, digits, _ and -)");
        }
        return collective;
    }

    /**
     * Waits for a slot with the agents' campaign ({@link EnterOptions#of}).
     *
     * @param name    governor name, which must exist
     * @param holder  free-text name shown by {@link #view}, e.g. {@code Auto Agent  m#w @ node1}
     * @param timeout how long to wait at most, positive
     * @return the held slot; close it when the work is done
     * @throws UnknownGovernor      when the governor does not exist
     * @throws NoFreeSlot           when no slot became free in time
     * @throws KvException          when the name is invalid or the store fails
     * @throws InterruptedException when interrupted while waiting; nothing is held then
     */
    default Slot enter(String name, String holder, Duration timeout) throws KvException, InterruptedException {
        return enter(name, holder, EnterOptions.of(timeout));
    }

    /**
     * Waits for a slot, retrying while the governor is full as {@code options} say. Every try that
     * might have taken a slot is either turned into the returned slot or undone before this method
     * returns or throws: giving up never leaves an orphan slot behind while the store is reachable.
     *
     * @param name    governor name, which must exist
     * @param holder  free-text name shown by {@link #view}, not null
     * @param options timeout, retry policy and whether closing the slot leaves it
     * @return the held slot, kept alive until it is closed
     * @throws UnknownGovernor      when the governor does not exist
     * @throws NoFreeSlot           when no slot became free in time
     * @throws KvException          when the name is invalid or the store fails
     * @throws InterruptedException when interrupted while waiting; nothing is held then
     */
    Slot enter(String name, String holder, EnterOptions options) throws KvException, InterruptedException;

    /**
     * Creates a governor, or changes an existing one's capacity, expiry and replicas to these.
     *
     * @param name     governor name
     * @param capacity most holders at once, at least 1
     * @param expire   slot lifetime without keep-alive, at least 1 s
     * @param replicas copies of the state, 1 to 5; the SQLite store keeps one
     * @return the configuration now in force
     * @throws KvException naming the bad value, or when the store fails
     */
    GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws KvException;

    /**
     * Returns the names of all governors, sorted.
     *
     * @throws KvException when the store fails
     */
    List<String> list() throws KvException;

    /**
     * Returns a governor's configuration and holders.
     *
     * @throws UnknownGovernor when it does not exist
     * @throws KvException     when the name is invalid or the store fails
     */
    GovernorView view(String name) throws KvException;

    /**
     * Frees another holder's slot; the holder is not told until it next keeps the slot alive.
     *
     * @return the evicted holder's name
     * @throws UnknownGovernor when the governor does not exist
     * @throws KvException     when there is no slot {@code sequence}, the name is invalid or the store fails
     */
    String evict(String name, long sequence) throws KvException;

    /**
     * Frees every slot.
     *
     * @return how many were freed
     * @throws UnknownGovernor when the governor does not exist
     * @throws KvException     when the name is invalid or the store fails
     */
    int reset(String name) throws KvException;

    /**
     * Deletes a governor and its slots.
     *
     * @throws UnknownGovernor when it does not exist
     * @throws KvException     when the name is invalid or the store fails
     */
    void remove(String name) throws KvException;
}

package mms.kv;

/**
 * A slot held in a governor. While held, the implementation keeps it alive in the background so
 * that work longer than the governor's expiry keeps its place; a holder that dies stops doing so
 * and its slot is freed after at most the expiry, as it is when the store is closed while the
 * slot is held. Obtain one from {@link GovernorStorage#enter}. Thread-safe.
 */
public interface Slot extends AutoCloseable {

    /** The governor's name. */
    String governor();

    /**
     * The slot id: the sequence shown by {@code view} and accepted by {@code evict}. Keeping a
     * JetStream slot alive re-publishes it, so this can change while the slot is held.
     */
    long sequence();

    /** The holder's free-text name. */
    String holder();

    /**
     * Whether the slot is still ours: false after {@link #close()}, or once keeping it alive found
     * that it was evicted or had expired (the work then runs without a slot, as in the original,
     * and a warning is logged).
     */
    boolean held();

    /**
     * Frees the slot (unless the campaign said not to leave) and stops keeping it alive.
     * Idempotent.
     *
     * @throws KvException when the slot could not be removed; it then expires by itself
     */
    void leave() throws KvException;

    /** As {@link #leave()}, logging a failure instead of throwing it. */
    @Override
    void close();
}

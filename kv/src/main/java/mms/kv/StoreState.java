package mms.kv;

/**
 * Whether a store can serve requests now, as far as it knows without a round trip: what health
 * checks and metrics report ({@link KeyValueStore#state()}).
 */
public enum StoreState {
    /**
     * Not open: nothing has used the store yet, or the last attempt to open it failed (a store
     * opened lazily tries again on next use).
     */
    NOT_OPEN,
    /** Open and, for NATS, connected to a server. */
    CONNECTED,
    /** NATS: the connection was lost and is being re-established; requests fail meanwhile. */
    RECONNECTING,
    /** Closed for good. */
    CLOSED
}

package mms.watcher.kv;

/** The outcome of a kv check, with the original's wire names. */
public enum KvState {
    /** No check has completed yet. */
    UNKNOWN("unknown"),
    /** The data item was stored, replaced or removed (or a rule says to treat it so): success transition. */
    CHANGED("changed"),
    /** The data item already matched the store. */
    UNCHANGED("unchanged"),
    /** The watcher was inactive ({@code state_match}, {@code foreign_state_required}). */
    SKIPPED("skipped"),
    /** The store, bucket, key template or value failed: failure transition; the data is kept. */
    ERROR("error");

    private final String wireName;

    KvState(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in notifications, e.g. {@code changed}. */
    public String wireName() {
        return wireName;
    }
}

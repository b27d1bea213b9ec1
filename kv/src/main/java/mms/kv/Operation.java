package mms.kv;

/** What an {@link Entry} records: a value, a delete marker or a purge marker (JetStream's KV operations). */
public enum Operation {
    /** A value was stored. */
    PUT,
    /** The key was deleted; earlier history is kept. */
    DELETE,
    /** The key was purged; earlier history was removed and only this marker remains. */
    PURGE
}

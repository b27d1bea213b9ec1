package mms.kv;

/** Where a bucket keeps its data. The SQLite engine supports {@link #FILE} only. */
public enum StorageType {
    /** Durable storage on disk. */
    FILE,
    /** In memory (JetStream only); lost when the server restarts. */
    MEMORY
}

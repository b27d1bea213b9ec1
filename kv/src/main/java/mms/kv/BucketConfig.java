package mms.kv;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a new bucket.
 *
 * @param name     the bucket name ({@link KvNames#bucket(String)} rules), never null
 * @param history  how many entries each key keeps, markers included: 1 to 64
 * @param ttl      how long an entry lives, {@link Duration#ZERO} for ever; at least 1 second when set
 * @param replicas how many servers hold the bucket: 1 to 5 (JetStream); the SQLite engine supports 1
 * @param storage  file or memory (JetStream); the SQLite engine supports {@link StorageType#FILE}
 */
public record BucketConfig(String name, int history, Duration ttl, int replicas, StorageType storage) {
    /** The largest history JetStream allows per key. */
    public static final int MAX_HISTORY = 64;

    /** Validates the settings; the messages name the bad value. */
    public BucketConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(storage, "storage");
        if (history < 1 || history > MAX_HISTORY) {
            throw new IllegalArgumentException("history " + history + " of bucket '" + name + "' must be between 1 and " + MAX_HISTORY);
        }
        if (ttl.isNegative() || (!ttl.isZero() && ttl.compareTo(Duration.ofSeconds(1)) < 0)) {
            throw new IllegalArgumentException("ttl " + ttl + " of bucket '" + name + "' must be 0 (no expiry) or at least 1s");
        }
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas " + replicas + " of bucket '" + name + "' must be between 1 and 5");
        }
    }

    /** A file bucket keeping one entry per key, no TTL, one replica. */
    public static BucketConfig of(String name) {
        return new BucketConfig(name, 1, Duration.ZERO, 1, StorageType.FILE);
    }

    /** Returns a copy with another history depth. */
    public BucketConfig withHistory(int history) {
        return new BucketConfig(name, history, ttl, replicas, storage);
    }

    /** Returns a copy with another TTL ({@link Duration#ZERO} = for ever). */
    public BucketConfig withTtl(Duration ttl) {
        return new BucketConfig(name, history, ttl, replicas, storage);
    }

    /** Returns a copy with another replica count. */
    public BucketConfig withReplicas(int replicas) {
        return new BucketConfig(name, history, ttl, replicas, storage);
    }

    /** Returns a copy with another storage type. */
    public BucketConfig withStorage(StorageType storage) {
        return new BucketConfig(name, history, ttl, replicas, storage);
    }
}

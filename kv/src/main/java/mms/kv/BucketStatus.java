package mms.kv;

import java.time.Duration;

/**
 * What a bucket holds and how it is configured, as {@code choria kv status} shows it.
 *
 * @param bucket       the bucket name, never null
 * @param values       how many entries are stored, markers and older revisions included (JetStream's message count)
 * @param history      entries kept per key
 * @param ttl          entry lifetime, {@link Duration#ZERO} for ever, never null
 * @param bytes        bytes stored (JetStream: stream bytes including headers; SQLite: key plus value bytes)
 * @param replicas     replica count
 * @param storage      storage type, never null
 * @param backingStore what holds the data, for people: e.g. {@code JetStream stream KV_X} or {@code SQLite /var/lib/mms/kv.db}, never null
 */
public record BucketStatus(String bucket, long values, int history, Duration ttl, long bytes, int replicas,
                           StorageType storage, String backingStore) {
}

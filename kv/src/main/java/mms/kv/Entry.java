package mms.kv;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One revision of a key: a value, or a delete or purge marker (empty value).
 *
 * @param bucket    the bucket name, never null
 * @param key       the key, never null
 * @param value     the value bytes (copied on the way in and out); empty for markers, never null
 * @param revision  the bucket-wide revision of this entry, {@code >= 1}
 * @param created   when the entry was stored, never null
 * @param delta     for watch deliveries, how many more entries were known to be pending for the watch
 *                  when this one was delivered (0 when caught up); 0 for {@code get} and {@code history}
 * @param operation what this entry records, never null
 */
public record Entry(String bucket, String key, byte[] value, long revision, Instant created, long delta,
                    Operation operation) {

    /** Validates and copies the value. */
    public Entry {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(operation, "operation");
        value = value == null ? new byte[0] : value.clone();
        if (revision < 1) {
            throw new IllegalArgumentException("revision " + revision + " of key '" + key + "' must be at least 1");
        }
    }

    /** Returns a copy of the value bytes; empty for markers, never null. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Returns the value decoded as UTF-8, never null. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Returns the value length in bytes without copying it. */
    public int length() {
        return value.length;
    }

    /** Returns true for a {@link Operation#DELETE} or {@link Operation#PURGE} marker. */
    public boolean isMarker() {
        return operation != Operation.PUT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && revision == e.revision && delta == e.delta && bucket.equals(e.bucket)
                && key.equals(e.key) && Arrays.equals(value, e.value) && created.equals(e.created)
                && operation == e.operation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, key, Arrays.hashCode(value), revision, created, delta, operation);
    }

    /** Describes the entry without its value (values may hold secrets and be large). */
    @Override
    public String toString() {
        return "Entry[" + bucket + " > " + key + " rev " + revision + " " + operation + " " + value.length
                + " bytes @ " + created + (delta == 0 ? "" : " delta " + delta) + "]";
    }
}

package mms.kv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An object opened by {@link ObjectStorage#open(String, String)}: what the store knows about it and
 * its content. Closing it closes the content stream and stops the transfer.
 *
 * @param info what the store recorded, not null
 * @param body the content as it arrives, not null; at most {@code info.size()} bytes
 */
public record StoredObject(Info info, InputStream body) implements Closeable {

    public StoredObject {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(body, "body");
    }

    /**
     * What the store recorded for an object.
     *
     * @param bucket   the bucket, not null
     * @param name     the object name, not null
     * @param size     the content length in bytes, at least 0
     * @param modified when the object was last stored: the store's time for objects it reports,
     *                 the writer's clock for the result of {@link ObjectStorage#put}; not null
     * @param digest   the digest as the store gives it (NATS: {@code SHA-256=} and the unpadded
     *                 base64url SHA-256), empty when it recorded none
     */
    public record Info(String bucket, String name, long size, Instant modified, Optional<String> digest) {
        public Info {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(modified, "modified");
            Objects.requireNonNull(digest, "digest");
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative: " + size);
            }
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}

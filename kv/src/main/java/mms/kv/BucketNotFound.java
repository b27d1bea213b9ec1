package mms.kv;

import java.io.Serial;
import java.util.Objects;

/**
 * The bucket does not exist (never created, or removed). The message names the bucket and the
 * store that was asked, as {@link KeyValueStore#description()} gives it (never with credentials):
 * {@code bucket MACHINES not found in sqlite:/var/lib/mms/kv.db}.
 */
public class BucketNotFound extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String bucket;
    private final String store;

    /**
     * A key-value bucket that does not exist.
     *
     * @param bucket the bucket's name, not null
     * @param store  the store's {@link KeyValueStore#description()}, not null
     * @param cause  the underlying failure, may be null
     */
    public BucketNotFound(String bucket, String store, Throwable cause) {
        this("bucket", bucket, store, cause);
    }

    private BucketNotFound(String kind, String bucket, String store, Throwable cause) {
        super(kind + " " + Objects.requireNonNull(bucket, "bucket") + " not found in " + Objects.requireNonNull(store, "store"),
                cause);
        this.bucket = bucket;
        this.store = store;
    }

    /**
     * An object store bucket ({@link ObjectStorage}) that does not exist.
     *
     * @param bucket the bucket's name, not null
     * @param store  the store's {@link KeyValueStore#description()}, not null
     * @param cause  the underlying failure, may be null
     */
    public static BucketNotFound objectStore(String bucket, String store, Throwable cause) {
        return new BucketNotFound("object store bucket", bucket, store, cause);
    }

    /** The name of the missing bucket. */
    public String bucket() {
        return bucket;
    }

    /** The description of the store that was asked, such as {@code sqlite:/var/lib/mms/kv.db}. */
    public String store() {
        return store;
    }
}

package mms.kv;

import java.io.Serial;

/** The bucket does not exist (never created, or removed). */
public class BucketNotFound extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and no cause. */
    public BucketNotFound(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (may be null). */
    public BucketNotFound(String message, Throwable cause) {
        super(message, cause);
    }
}

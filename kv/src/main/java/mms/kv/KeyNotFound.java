package mms.kv;

import java.io.Serial;

/** The key has no value: it never existed, was deleted or purged, or expired. */
public class KeyNotFound extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and no cause. */
    public KeyNotFound(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (may be null). */
    public KeyNotFound(String message, Throwable cause) {
        super(message, cause);
    }
}

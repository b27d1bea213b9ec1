package mms.kv;

import java.io.Serial;

/**
 * A Key-Value operation failed. Subclasses say why when a caller may act on it; the cause (a
 * JDBC, I/O or NATS exception) is kept. Messages are lowercase and name the bucket and key.
 */
public class KvException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message and no cause. */
    public KvException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause (may be null). */
    public KvException(String message, Throwable cause) {
        super(message, cause);
    }
}

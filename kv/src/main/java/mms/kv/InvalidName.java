package mms.kv;

import java.io.Serial;

/** A bucket name, key or key pattern breaks the naming rules; the message names the value. */
public class InvalidName extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and no cause. */
    public InvalidName(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (may be null). */
    public InvalidName(String message, Throwable cause) {
        super(message, cause);
    }
}

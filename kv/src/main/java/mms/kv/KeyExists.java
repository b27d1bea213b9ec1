package mms.kv;

import java.io.Serial;

/** {@code create} found the key holding a value (its last entry is a PUT). */
public class KeyExists extends WrongRevision {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and no cause. */
    public KeyExists(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (may be null). */
    public KeyExists(String message, Throwable cause) {
        super(message, cause);
    }
}

package mms.kv;

import java.io.Serial;

/** A compare-and-set failed: the key's last revision is not the one expected. */
public class WrongRevision extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and no cause. */
    public WrongRevision(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (may be null). */
    public WrongRevision(String message, Throwable cause) {
        super(message, cause);
    }
}

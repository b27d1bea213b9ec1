package mms.kv;

import java.io.Serial;

/** The watch was closed; no more events will come. */
public class WatchClosed extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and no cause. */
    public WatchClosed(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (may be null). */
    public WatchClosed(String message, Throwable cause) {
        super(message, cause);
    }
}

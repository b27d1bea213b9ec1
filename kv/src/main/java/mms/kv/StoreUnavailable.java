package mms.kv;

import java.io.Serial;

/** The store cannot be reached or used right now (server down, timeout, database locked or unreadable); retrying later may succeed. */
public class StoreUnavailable extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and no cause. */
    public StoreUnavailable(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (may be null). */
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

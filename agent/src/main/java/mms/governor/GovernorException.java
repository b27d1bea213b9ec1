package mms.governor;

import java.io.Serial;

/** A governor operation failed; the message names the governor and the reason. */
public class GovernorException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure with a message. */
    public GovernorException(String message) {
        super(message);
    }

    /** A failure with a message and its cause. */
    public GovernorException(String message, Throwable cause) {
        super(message, cause);
    }
}

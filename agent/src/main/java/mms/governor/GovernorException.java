package mms.governor;

/** No governor slot could be obtained; the message names the governor and says why. */
public final class GovernorException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the governor */
    public GovernorException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the governor
     * @param cause   the underlying failure, may be {@code null}
     */
    public GovernorException(String message, Throwable cause) {
        super(message, cause);
    }
}

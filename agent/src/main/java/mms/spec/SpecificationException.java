package mms.spec;

/**
 * A specification envelope or a machines list could not be read: not JSON, not an object, a
 * member of the wrong type, invalid base64. The message is lowercase and names the bad part.
 */
public final class SpecificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, never null
     */
    public SpecificationException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, never null
     * @param cause the underlying failure, may be null
     */
    public SpecificationException(String message, Throwable cause) {
        super(message, cause);
    }
}

package mms.spec;

/**
 * A key could not be read: bad hex, a wrong length, a private key whose halves do not belong
 * together, or a public key that is not a point on the curve. The message is lowercase, names the
 * problem and, for lengths, the length found; it never contains private key material.
 */
public final class KeyFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the key, never null
     */
    public KeyFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the key, never null
     * @param cause the underlying failure, may be null
     */
    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

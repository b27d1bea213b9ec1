package mms.duration;

/** A duration string that does not parse; the message is the original's wording. */
public final class DurationFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public DurationFormatException(String message) {
        super(message);
    }
}

package mms.event;

/**
 * A message is not an event this build can read: not a CloudEvent with a JSON {@code data} object,
 * no or an unknown {@code protocol}, or a member missing or of the wrong kind. The message says
 * which, with the original's wording where it has one ({@code no protocol header in state json},
 * {@code unknown event type "…"}).
 */
public final class EventFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, lowercase */
    public EventFormatException(String message) {
        super(message);
    }

    /** @param message what is wrong, lowercase; @param cause the parser's exception */
    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

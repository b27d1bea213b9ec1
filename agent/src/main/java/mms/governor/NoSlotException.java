package mms.governor;

import java.io.Serial;

/** No slot became free before the campaign's timeout. */
public final class NoSlotException extends GovernorException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A campaign that gave up; the message says on which governor, after how long and how many tries. */
    public NoSlotException(String message) {
        super(message);
    }
}

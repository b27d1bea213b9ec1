package mms.kv;

import java.io.Serial;

/** No slot of a governor became free before the campaign's timeout; nothing is held. */
public class NoFreeSlot extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A campaign that gave up; the message says on which governor, after how long and how many tries. */
    public NoFreeSlot(String message) {
        super(message);
    }
}

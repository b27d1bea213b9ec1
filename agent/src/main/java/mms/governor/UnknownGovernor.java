package mms.governor;

import java.io.Serial;

/** The named governor does not exist (agents never create governors; {@code mms governor add} does). */
public final class UnknownGovernor extends GovernorException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The governor {@code name} does not exist. */
    public UnknownGovernor(String name) {
        super("unknown governor " + name);
    }
}

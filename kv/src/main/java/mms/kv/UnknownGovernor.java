package mms.kv;

import java.io.Serial;

/**
 * The named governor does not exist: agents never create governors, {@code mms governor add}
 * does. The message is {@code unknown governor <name>}, as the original's.
 */
public class UnknownGovernor extends KvException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The governor {@code name} does not exist. */
    public UnknownGovernor(String name) {
        super("unknown governor " + name);
    }

    /** The governor {@code name} does not exist, as the store reported in {@code cause}. */
    public UnknownGovernor(String name, Throwable cause) {
        super("unknown governor " + name, cause);
    }
}

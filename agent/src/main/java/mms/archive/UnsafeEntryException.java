package mms.archive;

/**
 * The archive was refused because of one entry: its name, type or size, or a limit it would exceed.
 * Nothing outside the staging directory has been written when this is thrown.
 */
public final class UnsafeEntryException extends ArchiveException {

    private final String entry;
    private final String reason;

    /**
     * @param entry  the entry name as stored in the archive (control characters escaped)
     * @param reason why it was refused
     */
    public UnsafeEntryException(String entry, String reason) {
        super("refusing archive entry '" + entry + "': " + reason);
        this.entry = entry;
        this.reason = reason;
    }

    /** The entry name as stored in the archive, control characters escaped as {@code \xNN}. */
    public String entry() {
        return entry;
    }

    /** Why the entry was refused. */
    public String reason() {
        return reason;
    }
}

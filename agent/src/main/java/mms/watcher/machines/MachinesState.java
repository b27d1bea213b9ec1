package mms.watcher.machines;

/** The outcome of one machines check, with the wire names of {@code previous_outcome}. */
public enum MachinesState {
    /** No check ran yet. */
    UNKNOWN("unknown"),
    /** The watcher was not active. */
    SKIPPED("skipped"),
    /** The specification was missing, untrusted or invalid, or the directory could not be managed. */
    ERROR("error"),
    /** A manager machine was written or purged. */
    UPDATED("updated"),
    /** Everything on disk already matched the specification. */
    UNCHANGED("unchanged");

    private final String wireName;

    MachinesState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}

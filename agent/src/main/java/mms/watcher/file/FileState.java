package mms.watcher.file;

/** The outcome of one file check, with the wire names of {@code previous_outcome}. */
public enum FileState {
    /** No check yet. */
    UNKNOWN("unknown"),
    /** The watched file changed, or the managed file was (re)written. */
    CHANGED("changed"),
    /** The file is missing (watch mode) or could not be checked or written. */
    ERROR("error"),
    /** Nothing changed, or the managed file already matches. */
    UNCHANGED("unchanged"),
    /** The watcher was not active. */
    SKIPPED("skipped");

    private final String wireName;

    FileState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}

package mms.watcher.exec;

/** The outcome of one exec run, with the wire names of {@code previous_outcome}. */
public enum ExecState {
    /** Nothing ran yet, or the run ended without a result (the machine stopped meanwhile). */
    UNKNOWN("unknown"),
    /** The watcher was not active. */
    SKIPPED("skipped"),
    /** The command could not run, failed, timed out or its output could not be stored. */
    ERROR("error"),
    /** The command exited 0 (and its output was stored when {@code parse_as_data}). */
    SUCCESS("success");

    private final String wireName;

    ExecState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}

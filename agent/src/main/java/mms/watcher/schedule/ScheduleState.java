package mms.watcher.schedule;

/** The schedule switch, with the wire names of {@code state}. */
public enum ScheduleState {
    /** No window has opened since the watcher started. */
    UNKNOWN("unknown"),
    /** No window is open. */
    OFF("off"),
    /** At least one schedule's window is open. */
    ON("on");

    private final String wireName;

    ScheduleState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}

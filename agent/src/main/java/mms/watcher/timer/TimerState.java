package mms.watcher.timer;

/** Whether the timer is counting down, with the wire names of {@code state}. */
public enum TimerState {
    /** Not counting: never started, expired, or stopped because the machine left the watched states. */
    STOPPED("stopped"),
    /** Counting down towards the failure transition. */
    RUNNING("running");

    private final String wireName;

    TimerState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}

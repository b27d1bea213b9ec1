package mms.watcher.httpswitch;

/** What an httpswitch reports, with the wire names of its {@code status}. */
public enum SwitchState {
    /** Neither switched nor in an {@code on_when}/{@code off_when} state since the watcher started. */
    UNKNOWN("unknown"),
    /** Switched on, or the machine is in an {@code on_when} state. */
    ON("on"),
    /** Switched off, or the machine is in an {@code off_when} state. */
    OFF("off");

    private final String wireName;

    SwitchState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications and HTTP answers. */
    public String wireName() {
        return wireName;
    }
}

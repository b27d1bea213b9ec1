package mms.watcher.nagios;

/**
 * A check's status, with the original's names ({@code status}) and numbers ({@code status_code}).
 * The first four are the Nagios plugin exit codes and the machine states a Scout machine moves
 * between; the last two are internal and never published as the result of a check.
 */
public enum NagiosStatus {
    /** Exit code 0. */
    OK(0),
    /** Exit code 1. */
    WARNING(1),
    /** Exit code 2. */
    CRITICAL(2),
    /** Exit code 3, any other exit code, or a check that could not run. */
    UNKNOWN(3),
    /** The watcher was not active or checked too recently: nothing to report. */
    SKIPPED(4),
    /** No check yet. */
    NOTCHECKED(5);

    private final int code;

    NagiosStatus(int code) {
        this.code = code;
    }

    /** The number in {@code status_code} and in the Prometheus file. */
    public int code() {
        return code;
    }

    /** The name in {@code status}, which is also the transition fired after a check. */
    public String wireName() {
        return name();
    }

    /** The status a plugin's exit code means: 0 to 3 as Nagios defines them, anything else {@link #UNKNOWN}. */
    public static NagiosStatus ofExitCode(int exitCode) {
        return switch (exitCode) {
            case 0 -> OK;
            case 1 -> WARNING;
            case 2 -> CRITICAL;
            default -> UNKNOWN;
        };
    }

    /** The status with this {@code status_code}; an unknown number is {@link #UNKNOWN}, as the original names it. */
    public static NagiosStatus ofCode(int code) {
        for (NagiosStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return UNKNOWN;
    }

    /** Whether a check with this status is reported: published, written to Prometheus, transitioned on. */
    public boolean isResult() {
        return this != SKIPPED && this != NOTCHECKED;
    }
}

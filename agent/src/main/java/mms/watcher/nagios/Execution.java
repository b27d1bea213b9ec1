package mms.watcher.nagios;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One check in a nagios watcher's {@code history}.
 *
 * @param executed when the check started
 * @param status   its status
 * @param perfdata its performance data, empty when it had none
 */
public record Execution(Instant executed, NagiosStatus status, List<PerfData> perfdata) {

    /** Rejects nulls and copies the list. */
    public Execution {
        Objects.requireNonNull(executed, "executed");
        Objects.requireNonNull(status, "status");
        perfdata = List.copyOf(perfdata);
    }
}

package mms.watcher.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The exec-specific members of {@code io.choria.machine.watcher.exec.v1.state}.
 *
 * @param command         the raw {@code command} property (not rendered)
 * @param previousOutcome the outcome of the last run
 * @param previousRunTime how long the last run took, in nanoseconds
 */
public record ExecStateNotification(String command, ExecState previousOutcome, long previousRunTime)
        implements WatcherState {

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.exec.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static ExecStateNotification read(EventData data) throws EventFormatException {
        return new ExecStateNotification(data.string("command"),
                data.wireName("previous_outcome", ExecState.class, ExecState::wireName), data.integer("previous_run_time"));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("command", command);
        data.put("previous_outcome", previousOutcome.wireName());
        data.put("previous_run_time", previousRunTime);
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " command: " + command + ", previous: "
                + previousOutcome.wireName() + " ran: " + WatcherState.seconds(previousRunTime) + "s";
    }

    @Override
    public Optional<String> outcome() {
        return Optional.of(previousOutcome.wireName());
    }

    @Override
    public Optional<Duration> runTime() {
        return Optional.of(Duration.ofNanos(previousRunTime));
    }
}

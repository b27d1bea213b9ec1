package mms.watcher.machines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The machines-specific members of {@code io.choria.machine.watcher.machines.v1.state}.
 *
 * @param machines        names of the last specification applied, in document order; never null
 * @param previousOutcome the outcome of the last check, not null
 * @param previousRunTime how long the last check took, in nanoseconds
 * @param rejected        whether the last check ({@code error}) refused the specification itself
 *                        (unreadable, untrusted or invalid) rather than finding none or failing to
 *                        apply it; for the agent's metrics, not a member of the JSON
 */
public record MachinesStateNotification(List<String> machines, MachinesState previousOutcome, long previousRunTime,
                                        boolean rejected) implements WatcherState {

    /** Copies the names. */
    public MachinesStateNotification {
        machines = List.copyOf(machines);
        Objects.requireNonNull(previousOutcome, "previousOutcome");
    }

    /** A state whose check did not reject a specification. */
    public MachinesStateNotification(List<String> machines, MachinesState previousOutcome, long previousRunTime) {
        this(machines, previousOutcome, previousRunTime, false);
    }

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.machines.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static MachinesStateNotification read(EventData data) throws EventFormatException {
        return new MachinesStateNotification(data.strings("machines"),
                data.wireName("previous_outcome", MachinesState.class, MachinesState::wireName),
                data.integer("previous_run_time"));
    }

    @Override
    public void writeTo(ObjectNode data) {
        ArrayNode names = data.putArray("machines");
        machines.forEach(names::add);
        data.put("previous_outcome", previousOutcome.wireName());
        data.put("previous_run_time", previousRunTime);
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " machines: " + String.join(", ", machines)
                + ", previous: " + previousOutcome.wireName() + " ran: " + WatcherState.seconds(previousRunTime) + "s";
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

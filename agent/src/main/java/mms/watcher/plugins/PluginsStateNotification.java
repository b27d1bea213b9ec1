package mms.watcher.plugins;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;
import mms.watcher.machines.MachinesState;
import mms.watcher.machines.MachinesStateNotification;

/**
 * The plugins-specific members of {@code io.choria.machine.watcher.plugins.v1.state}: those of the
 * machines watcher with the names under {@code plugins} (events.md §3).
 *
 * @param plugins         names of the last specification applied, in document order; never null
 * @param previousOutcome the outcome of the last check, not null
 * @param previousRunTime how long the last check took, in nanoseconds
 * @param rejected        whether the last check ({@code error}) refused the specification itself;
 *                        for the agent's metrics, not a member of the JSON
 */
public record PluginsStateNotification(List<String> plugins, MachinesState previousOutcome, long previousRunTime,
                                       boolean rejected) implements WatcherState {

    /** Copies the names. */
    public PluginsStateNotification {
        plugins = List.copyOf(plugins);
        Objects.requireNonNull(previousOutcome, "previousOutcome");
    }

    /** The same check's state as the shared check reports it. */
    static PluginsStateNotification of(MachinesStateNotification state) {
        return new PluginsStateNotification(state.machines(), state.previousOutcome(), state.previousRunTime(),
                state.rejected());
    }

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.plugins.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static PluginsStateNotification read(EventData data) throws EventFormatException {
        return new PluginsStateNotification(data.strings("plugins"),
                data.wireName("previous_outcome", MachinesState.class, MachinesState::wireName),
                data.integer("previous_run_time"), false);
    }

    @Override
    public void writeTo(ObjectNode data) {
        ArrayNode names = data.putArray("plugins");
        plugins.forEach(names::add);
        data.put("previous_outcome", previousOutcome.wireName());
        data.put("previous_run_time", previousRunTime);
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " plugin: " + String.join(", ", plugins)
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

package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Readers for the original's watcher types that mms does not implement (now only
 * {@code plugins}), so that {@code mms machine watch} prints the events of Choria nodes on the
 * same bus. Each keeps the members as received and renders the original's text form (events.md §3).
 * The types mms implements are read by their own watchers' readers, which {@link EventDecoder}
 * prefers.
 */
final class ForeignWatcherStates {

    /** The members every watcher state starts with; the type's own follow. */
    private static final Set<String> COMMON = Set.of("protocol", "identity", "id", "version", "timestamp", "type",
            "machine", "name");

    /** Readers by watcher type. */
    static final Map<String, WatcherStateReader> READERS = Map.of(
            "plugins", d -> state(d, "plugin: " + String.join(", ", d.strings("plugins")) + ", previous: "
                    + d.string("previous_outcome") + " ran: " + WatcherState.seconds(d.integer("previous_run_time")) + "s"));

    private ForeignWatcherStates() {}

    /**
     * A state of a type mms does not implement: its own members as received, and the rest of its
     * text form after {@code <identity> <machine>#<watcher> }.
     */
    private record Received(ObjectNode members, String detail) implements WatcherState {

        @Override
        public void writeTo(ObjectNode data) {
            members.properties().forEach(member -> data.set(member.getKey(), member.getValue().deepCopy()));
        }

        @Override
        public String text(String identity, String machine, String watcher) {
            return identity + " " + machine + "#" + watcher + " " + detail;
        }
    }

    private static WatcherState state(EventData data, String detail) {
        ObjectNode own = data.json().objectNode();
        data.json().properties().stream().filter(member -> !COMMON.contains(member.getKey()))
                .forEach(member -> own.set(member.getKey(), member.getValue().deepCopy()));
        return new Received(own, detail);
    }
}

package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Readers for the original's watcher types that mms does not implement ({@code plugins},
 * {@code expression}, {@code gossip}, {@code httpswitch}, {@code metric}, {@code nagios},
 * {@code ccm_manifest}), so that {@code mms machine watch} prints the events of Choria nodes on the
 * same bus. Each keeps the members as received and renders the original's text form (events.md §3).
 */
final class ForeignWatcherStates {

    /** The members every watcher state starts with; the type's own follow. */
    private static final Set<String> COMMON = Set.of("protocol", "identity", "id", "version", "timestamp", "type",
            "machine", "name");

    /** Readers by watcher type. */
    static final Map<String, WatcherStateReader> READERS = Map.of(
            "plugins", d -> state(d, "plugin: " + String.join(", ", d.strings("plugins")) + ", previous: "
                    + d.string("previous_outcome") + " ran: " + WatcherState.seconds(d.integer("previous_run_time")) + "s"),
            "expression", d -> state(d, "previous: " + d.string("previous_outcome")),
            "gossip", d -> state(d, "subject: " + d.string("previous_subject") + ", previous: "
                    + d.integer("previous_gossip")),
            "httpswitch", d -> state(d, "previous: " + d.string("status")),
            "metric", d -> state(d, "metrics: " + metrics(d)),
            "nagios", d -> state(d, d.string("status") + ": " + d.string("output")),
            "ccm_manifest", d -> state(d, "previous: " + d.string("previous_outcome") + " ran: "
                    + WatcherState.seconds(d.integer("previous_run_time")) + "s"));

    private ForeignWatcherStates() {}

    /**
     * A state of a type mms does not implement: its own members as received, and the rest of its
     * text form after {@code <identity> <machine>#<watcher> }, which all these types share.
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

    /** {@code name=value} with three decimals, in the order received (the original's is random). */
    private static String metrics(EventData data) throws EventFormatException {
        ObjectNode values = new EventData(data.object("metrics"), data.protocol()).object("metrics");
        List<String> shown = new ArrayList<>();
        for (var metric : values.properties()) {
            if (!metric.getValue().isNumber()) {
                throw new EventFormatException(data.protocol() + ": metric '" + metric.getKey() + "' is not a number: "
                        + metric.getValue());
            }
            shown.add(metric.getKey() + "=" + String.format(Locale.ROOT, "%.3f", metric.getValue().asDouble()));
        }
        return String.join(", ", shown);
    }
}

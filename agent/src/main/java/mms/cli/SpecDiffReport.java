package mms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import mms.config.AgentConfig;
import mms.json.Json;
import mms.kv.KeyValueStore;
import mms.spec.MachinesDiff;
import mms.status.FleetFeed;
import mms.status.FleetRecords;
import mms.status.NodeStatus;
import mms.url.Urls;

/**
 * A {@link MachinesDiff} as an operator reviews it before publishing, with the nodes it touches
 * as their status records tell: the nodes that run a removed or changed entry now. Records carry
 * no facts, so which nodes an added entry's matcher selects is not guessed; an entry without a
 * matcher goes to every managed node, and that many are named. Values that could hold a secret
 * (a {@code password}, a URL's user information or query) are never shown.
 */
final class SpecDiffReport {
    /** Members whose value is never shown. */
    private static final Set<String> HIDDEN = Set.of("password");
    /** Members whose value is a URL. */
    private static final Set<String> URLS = Set.of("source");
    /** Members whose value is a digest, shown abbreviated by people and whole in JSON. */
    private static final Set<String> DIGESTS = Set.of("checksum", "verify_checksum");

    private SpecDiffReport() {}

    /**
     * What the status records say about the nodes.
     *
     * @param running the nodes whose record lists each machine, by machine name, stopped agents left out
     * @param managed the nodes managed from the specification's bucket and key, stopped agents left out
     */
    record Nodes(Map<String, List<String>> running, List<String> managed) {

        static final Nodes NONE = new Nodes(Map.of(), List.of());

        /** The nodes as their status records say, or none (with a warning) when they cannot be read in time. */
        static Nodes read(KeyValueStore store, AgentConfig.SpecificationKey where, PrintWriter err)
                throws InterruptedException {
            try (FleetFeed feed = FleetFeed.open(store, where.bucket(), where.key())) {
                if (!feed.awaitInitial(FleetWait.READ_TIMEOUT)) {
                    err.println("warning: the status records could not be read, so no node is counted"
                            + feed.lastError().map(e -> ": " + e).orElse(""));
                    err.flush();
                    return NONE;
                }
                return of(feed.records(), where);
            }
        }

        static Nodes of(FleetRecords records, AgentConfig.SpecificationKey where) {
            Map<String, List<String>> running = new TreeMap<>();
            List<String> managed = new ArrayList<>();
            for (NodeStatus node : records.nodes()) {
                if (node.stopped()) {
                    continue;
                }
                if (node.specification().filter(s -> s.bucket().equals(where.bucket()) && s.key().equals(where.key()))
                        .isPresent()) {
                    managed.add(node.identity());
                }
                node.machines().forEach(m -> running.computeIfAbsent(m.name(), k -> new ArrayList<>())
                        .add(node.identity()));
            }
            running.values().forEach(list -> list.sort(null));
            managed.sort(null);
            return new Nodes(running, managed);
        }

        List<String> running(String machine) {
            return running.getOrDefault(machine, List.of());
        }
    }

    /** Prints the changes from {@code from} to {@code to}. */
    static void print(PrintWriter out, String from, String to, MachinesDiff diff, Nodes nodes) {
        if (diff.isEmpty()) {
            out.println("No change from " + from + " to " + to + ": the same " + entries(diff.unchanged()));
            out.flush();
            return;
        }
        out.println("Changes from " + from + " to " + to + ":");
        for (MachinesDiff.Entry added : diff.added()) {
            Optional<String> match = added.text("match").filter(m -> !m.isBlank());
            out.println("  + " + added.name() + ": added, " + match.map(m -> "match " + m).orElse("no matcher"));
            int managed = nodes.managed().size();
            out.println("      " + (match.isPresent()
                    ? "installs where its matcher is true" + (managed == 0 ? ""
                            : " (status records carry no facts: " + FleetReport.count(managed, "managed node")
                                    + " not counted)")
                    : "installs on every managed node" + (managed == 0 ? " (none reports yet)"
                            : ": " + named(nodes.managed()))));
        }
        for (MachinesDiff.Entry removed : diff.removed()) {
            List<String> running = nodes.running(removed.name());
            out.println("  - " + removed.name() + ": removed, " + (running.isEmpty() ? "no node runs it now"
                    : "purged from " + named(running) + " that run" + (running.size() == 1 ? "s" : "") + " it now"));
        }
        for (MachinesDiff.Change change : diff.changed()) {
            List<String> running = nodes.running(change.name());
            out.println("  ~ " + change.name() + ": " + (change.upgraded() ? "upgraded" : "changed") + ", "
                    + (running.isEmpty() ? "no node runs it now" : "runs on " + named(running) + " now"));
            int width = change.members().stream().mapToInt(m -> m.member().length()).max().orElse(0);
            for (MachinesDiff.MemberChange m : change.members()) {
                out.println("      " + m.member() + " ".repeat(width - m.member().length() + 2)
                        + shown(m.member(), m.from()) + " -> " + shown(m.member(), m.to()));
            }
            if (change.members().stream().anyMatch(m -> m.member().equals("match"))) {
                out.println("      its matcher changed: nodes may start or stop running it");
            }
        }
        if (!diff.unchanged().isEmpty()) {
            out.println("  unchanged: " + String.join(", ", diff.unchanged()));
        }
        out.flush();
    }

    /**
     * The changes as JSON, for scripts:
     * <pre>{@code
     * {"from":"revision 7 (serial 12)","to":"machines.json","managed":["web1","web2"],
     *  "added":[{"name":"web","match":"identity('^web')"}],
     *  "removed":[{"name":"old","nodes":["web1"]}],
     *  "changed":[{"name":"app","upgraded":true,"nodes":["web1","web2"],
     *              "members":[{"member":"checksum","from":"3f1c…","to":"9ab2…"}]}],
     *  "unchanged":["db"]}
     * }</pre>
     * A member absent on one side has no {@code from} or {@code to}; a password's values are
     * {@code "(hidden)"}.
     */
    static String json(String from, String to, MachinesDiff diff, Nodes nodes) {
        ObjectNode root = Json.object();
        root.put("from", from);
        root.put("to", to);
        nodes.managed().forEach(root.putArray("managed")::add);
        ArrayNode added = root.putArray("added");
        for (MachinesDiff.Entry e : diff.added()) {
            ObjectNode entry = added.addObject().put("name", e.name());
            e.text("match").filter(m -> !m.isBlank()).ifPresent(m -> entry.put("match", m));
        }
        ArrayNode removed = root.putArray("removed");
        for (MachinesDiff.Entry e : diff.removed()) {
            ObjectNode entry = removed.addObject().put("name", e.name());
            nodes.running(e.name()).forEach(entry.putArray("nodes")::add);
        }
        ArrayNode changed = root.putArray("changed");
        for (MachinesDiff.Change c : diff.changed()) {
            ObjectNode entry = changed.addObject().put("name", c.name()).put("upgraded", c.upgraded());
            nodes.running(c.name()).forEach(entry.putArray("nodes")::add);
            ArrayNode members = entry.putArray("members");
            for (MachinesDiff.MemberChange m : c.members()) {
                ObjectNode member = members.addObject().put("member", m.member());
                m.from().ifPresent(v -> member.set("from", redacted(m.member(), v)));
                m.to().ifPresent(v -> member.set("to", redacted(m.member(), v)));
            }
        }
        diff.unchanged().forEach(root.putArray("unchanged")::add);
        return Json.write(root);
    }

    private static JsonNode redacted(String member, JsonNode value) {
        if (HIDDEN.contains(member)) {
            return Json.mapper().getNodeFactory().textNode("(hidden)");
        }
        return URLS.contains(member) && value.isTextual()
                ? Json.mapper().getNodeFactory().textNode(Urls.redact(value.textValue())) : value;
    }

    private static String shown(String member, Optional<JsonNode> value) {
        if (value.isEmpty()) {
            return "(none)";
        }
        JsonNode v = redacted(member, value.get());
        if (!v.isTextual()) {
            return Json.write(v);
        }
        String text = v.textValue();
        return DIGESTS.contains(member) && text.length() > 12 ? text.substring(0, 12) + "…" : text;
    }

    private static String named(List<String> nodes) {
        return FleetReport.count(nodes.size(), "node") + (nodes.isEmpty() ? "" : " (" + FleetReport.nodes(nodes) + ")");
    }

    private static String entries(List<String> names) {
        return FleetReport.count(names.size(), "machine") + (names.isEmpty() ? "" : ": " + String.join(", ", names));
    }
}

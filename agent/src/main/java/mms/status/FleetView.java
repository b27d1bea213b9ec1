package mms.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import mms.json.Json;

/**
 * The fleet at a glance, computed from every node's status record and the specification the fleet
 * should run: how many nodes report, which are stale or stopped, which specification revision each
 * runs, how far the current one has converged, which nodes rejected it or failed to install it and
 * why, which are still on their way, and which machine versions run where. Pure: the same records,
 * specification and time always give the same view, so {@code mms fleet status}, its
 * {@code --wait}, the dashboard and rollouts share one reading of the records.
 *
 * <p>Only live nodes (neither stale nor stopped) count towards convergence, and among them only
 * those managed from the specification's bucket and key. A node has <em>converged</em> when it
 * applied the current specification and runs every entry of it that it has: its manager installs
 * the entry's checksum, whose archive is {@code verified} or {@code downloaded}, and the machine
 * runs. It <em>rejected</em> the specification when it refused it (untrusted, invalid), and
 * <em>failed</em> when applying it failed or the archive of one of its entries is in {@code error}
 * or {@code verify_failed}; a failed node may still recover (managers retry). Every other node is
 * <em>pending</em>. Nodes are grouped by reason, so ten thousand nodes with one problem make one
 * line.
 *
 * @param at            when the view was computed, the time staleness is judged at
 * @param specification the specification the fleet should run; empty when the key holds none
 * @param machine       the machine the view is narrowed to ({@code --machine}), if any: only nodes
 *                      that run or should run it count, and only its entries
 * @param reporting     how many records were read
 * @param live          how many nodes (of those the view is narrowed to) are live: neither stale nor
 *                      stopped
 * @param unreadable    the keys of records that are not node status records, by reason
 * @param stale         live nodes no longer: those that missed {@value NodeStatus#STALE_AFTER_HEARTBEATS}
 *                      heartbeats, with when they last wrote, oldest first
 * @param stopped       nodes whose agent stopped cleanly, sorted
 * @param unmanaged     live nodes not managed from the specification's bucket and key, sorted
 * @param converged     live nodes running the current specification, sorted
 * @param rejected      live nodes that rejected it, by reason
 * @param failed        live nodes that failed to apply or install it, by reason
 * @param pending       the other live managed nodes, by what they are waiting for
 * @param revisions     how many live managed nodes run each revision, current first
 * @param versions      the versions of each machine on live nodes, by machine name
 * @param failures      the errors of machines on live nodes, by machine and error
 */
public record FleetView(Instant at, Optional<PublishedSpecification> specification, Optional<String> machine,
                        int reporting, int live, List<Group> unreadable, List<StaleNode> stale, List<String> stopped,
                        List<String> unmanaged, List<String> converged, List<Group> rejected, List<Group> failed,
                        List<Group> pending, List<Count> revisions, List<MachineVersions> versions,
                        List<Group> failures) {

    /** The archive outcomes of an installed entry. */
    private static final Set<String> INSTALLED = Set.of("verified", "downloaded");
    /** The archive outcomes of a failed install. */
    private static final Set<String> BROKEN = Set.of("error", "verify_failed");

    /** Copies the lists. */
    public FleetView {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(machine, "machine");
        unreadable = List.copyOf(unreadable);
        stale = List.copyOf(stale);
        stopped = List.copyOf(stopped);
        unmanaged = List.copyOf(unmanaged);
        converged = List.copyOf(converged);
        rejected = List.copyOf(rejected);
        failed = List.copyOf(failed);
        pending = List.copyOf(pending);
        revisions = List.copyOf(revisions);
        versions = List.copyOf(versions);
        failures = List.copyOf(failures);
    }

    /**
     * Nodes sharing one reason.
     *
     * @param reason what they share
     * @param nodes  their identities, sorted
     */
    public record Group(String reason, List<String> nodes) {
        /** Copies the list. */
        public Group {
            Objects.requireNonNull(reason, "reason");
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * How many nodes share a value.
     *
     * @param label the value, e.g. {@code revision 7} or {@code 1.2.0}
     * @param nodes how many nodes
     */
    public record Count(String label, int nodes) {}

    /**
     * The versions of one machine.
     *
     * @param machine  the machine name
     * @param versions how many nodes run each version, most common first
     */
    public record MachineVersions(String machine, List<Count> versions) {
        /** Copies the list. */
        public MachineVersions {
            versions = List.copyOf(versions);
        }
    }

    /**
     * A node that stopped reporting.
     *
     * @param identity its identity
     * @param updated  when it last wrote its record
     */
    public record StaleNode(String identity, Instant updated) {}

    /**
     * Computes the view.
     *
     * @param records       every record of the status bucket, not null
     * @param specification the specification the fleet should run, if any, not null
     * @param now           the time staleness is judged at, not null
     * @param machine       the machine to narrow the view to, if any, not null
     */
    public static FleetView of(FleetRecords records, Optional<PublishedSpecification> specification, Instant now,
                               Optional<String> machine) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(machine, "machine");
        List<StaleNode> stale = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        List<String> unmanaged = new ArrayList<>();
        List<String> converged = new ArrayList<>();
        Map<String, List<String>> rejected = new TreeMap<>();
        Map<String, List<String>> failed = new TreeMap<>();
        Map<String, List<String>> pending = new TreeMap<>();
        Map<String, Integer> revisions = new TreeMap<>();
        Map<String, Map<String, Integer>> versions = new TreeMap<>();
        Map<String, List<String>> failures = new TreeMap<>();
        int live = 0;
        List<NodeStatus> nodes = new ArrayList<>(records.nodes());
        nodes.sort(Comparator.comparing(NodeStatus::identity));
        for (NodeStatus node : nodes) {
            List<NodeStatus.MachineStatus> entries = machine.isEmpty() ? node.machines()
                    : node.machines().stream().filter(m -> m.name().equals(machine.get())).toList();
            if (machine.isPresent() && entries.isEmpty()) {
                continue;
            }
            if (node.stopped()) {
                stopped.add(node.identity());
                continue;
            }
            if (node.staleAt(now)) {
                stale.add(new StaleNode(node.identity(), node.updated()));
                continue;
            }
            live++;
            for (NodeStatus.MachineStatus m : entries) {
                m.version().ifPresent(v -> versions.computeIfAbsent(m.name(), k -> new TreeMap<>()).merge(v, 1, Integer::sum));
                m.error().ifPresent(e -> failures.computeIfAbsent(m.name() + ": " + e, k -> new ArrayList<>())
                        .add(node.identity()));
            }
            if (specification.isEmpty()) {
                continue;
            }
            PublishedSpecification current = specification.get();
            Optional<NodeStatus.SpecificationStatus> seen = node.specification()
                    .filter(s -> s.bucket().equals(current.bucket()) && s.key().equals(current.key()));
            if (seen.isEmpty()) {
                unmanaged.add(node.identity());
                continue;
            }
            revisions.merge(revisionLabel(seen.get().appliedDigest(), current), 1, Integer::sum);
            switch (verdict(seen.get(), entries, current)) {
                case Verdict.Converged() -> converged.add(node.identity());
                case Verdict.Rejected(String reason) -> rejected.computeIfAbsent(reason, k -> new ArrayList<>()).add(node.identity());
                case Verdict.Failed(String reason) -> failed.computeIfAbsent(reason, k -> new ArrayList<>()).add(node.identity());
                case Verdict.Pending(String reason) -> pending.computeIfAbsent(reason, k -> new ArrayList<>()).add(node.identity());
            }
        }
        stale.sort(Comparator.comparing(StaleNode::updated).thenComparing(StaleNode::identity));
        List<MachineVersions> machineVersions = new ArrayList<>();
        versions.forEach((name, counts) -> machineVersions.add(new MachineVersions(name, counts(counts))));
        List<Count> revisionCounts = new ArrayList<>();
        revisions.forEach((label, count) -> revisionCounts.add(new Count(label, count)));
        revisionCounts.sort(Comparator.comparing((Count c) -> revisionOrder(c.label())).reversed()
                .thenComparing(Count::label));
        Map<String, List<String>> unreadable = new TreeMap<>();
        records.unreadable().forEach((key, reason) -> unreadable.computeIfAbsent(reason, k -> new ArrayList<>()).add(key));
        return new FleetView(now, specification, machine, records.nodes().size(), live, groups(unreadable),
                stale, stopped, unmanaged, converged, groups(rejected), groups(failed), groups(pending),
                revisionCounts, machineVersions, groups(failures));
    }

    /** How many live nodes are managed from the specification: those that count towards convergence. */
    public int managed() {
        return converged.size() + size(rejected) + size(failed) + size(pending);
    }

    /** The share of managed live nodes that converged, 0 to 100; 0 when none is managed. */
    public double convergedPercent() {
        int managed = managed();
        return managed == 0 ? 0 : 100.0 * converged.size() / managed;
    }

    /** Whether every managed live node (at least one) runs the current specification. */
    public boolean isConverged() {
        return managed() > 0 && converged.size() == managed();
    }

    /**
     * Whether the rollout of the current specification is over: at least one node is managed, and
     * each converged or rejected it. Failed nodes may still recover, so they keep it open.
     */
    public boolean isSettled() {
        return managed() > 0 && failed.isEmpty() && pending.isEmpty();
    }

    /** How many nodes the groups hold. */
    public static int size(List<Group> groups) {
        return groups.stream().mapToInt(g -> g.nodes().size()).sum();
    }

    /**
     * The view as JSON, for scripts and the dashboard:
     * <pre>{@code
     * {"time":"…","specification":{"bucket":"MACHINES","key":"machines","revision":7,"digest":"9f86…",
     *   "created":"…","problem":"…"},"machine":"web",
     *  "nodes":{"reporting":3,"live":2,"managed":2,"stale":[{"identity":"web3","updated":"…"}],
     *           "stopped":[],"unmanaged":[],"unreadable":[{"reason":"…","nodes":["key"]}]},
     *  "convergence":{"converged":1,"managed":2,"percent":50.0,"rejected":[{"reason":"…","nodes":["web2"]}],
     *                 "failed":[],"pending":[]},
     *  "revisions":[{"label":"revision 7","nodes":1}],
     *  "machines":[{"name":"web","versions":[{"label":"1.2.0","nodes":2}]}],
     *  "failures":[{"reason":"web: …","nodes":["web2"]}]}
     * }</pre>
     * {@code specification} and {@code machine} are left out when absent, as is {@code problem}.
     */
    public String toJson() {
        ObjectNode root = Json.object();
        root.put("time", at.toString());
        specification.ifPresent(s -> {
            ObjectNode spec = root.putObject("specification");
            spec.put("bucket", s.bucket());
            spec.put("key", s.key());
            spec.put("revision", s.revision());
            spec.put("digest", s.digest());
            spec.put("created", s.created().toString());
            s.problem().ifPresent(p -> spec.put("problem", p));
        });
        machine.ifPresent(m -> root.put("machine", m));
        ObjectNode nodes = root.putObject("nodes");
        nodes.put("reporting", reporting);
        nodes.put("live", live);
        nodes.put("managed", managed());
        ArrayNode staleNodes = nodes.putArray("stale");
        stale.forEach(s -> staleNodes.addObject().put("identity", s.identity()).put("updated", s.updated().toString()));
        stopped.forEach(nodes.putArray("stopped")::add);
        unmanaged.forEach(nodes.putArray("unmanaged")::add);
        groups(nodes.putArray("unreadable"), unreadable);
        ObjectNode convergence = root.putObject("convergence");
        convergence.put("converged", converged.size());
        convergence.put("managed", managed());
        convergence.put("percent", Math.round(convergedPercent() * 10) / 10.0);
        groups(convergence.putArray("rejected"), rejected);
        groups(convergence.putArray("failed"), failed);
        groups(convergence.putArray("pending"), pending);
        ArrayNode revisionList = root.putArray("revisions");
        revisions.forEach(c -> revisionList.addObject().put("label", c.label()).put("nodes", c.nodes()));
        ArrayNode machineList = root.putArray("machines");
        for (MachineVersions m : versions) {
            ObjectNode entry = machineList.addObject();
            entry.put("name", m.machine());
            ArrayNode list = entry.putArray("versions");
            m.versions().forEach(c -> list.addObject().put("label", c.label()).put("nodes", c.nodes()));
        }
        groups(root.putArray("failures"), failures);
        return Json.write(root);
    }

    /** Why a node is where it is with the current specification. */
    private sealed interface Verdict {
        record Converged() implements Verdict {}

        record Rejected(String reason) implements Verdict {}

        record Failed(String reason) implements Verdict {}

        record Pending(String reason) implements Verdict {}
    }

    private static Verdict verdict(NodeStatus.SpecificationStatus followed, List<NodeStatus.MachineStatus> entries,
                                   PublishedSpecification current) {
        String revision = "revision " + current.revision();
        Optional<NodeStatus.Decision> decided = followed.decision().filter(d -> d.digest().equals(current.digest()));
        if (decided.isPresent()) {
            NodeStatus.Decision d = decided.get();
            switch (d.outcome()) {
                case REJECTED -> {
                    return new Verdict.Rejected(d.reason().orElse("rejected without a reason"));
                }
                case FAILED -> {
                    return new Verdict.Failed("could not apply " + revision + ": " + d.reason().orElse("no reason given"));
                }
                case APPLIED -> { }
            }
        }
        if (!followed.appliedDigest().filter(current.digest()::equals).isPresent()) {
            return new Verdict.Pending("has not applied " + revision + " yet");
        }
        Verdict verdict = new Verdict.Converged();
        for (NodeStatus.MachineStatus m : entries) {
            String wanted = current.checksums().get(m.name());
            if (wanted == null) {
                continue; // not in the specification: being purged, or not managed
            }
            boolean wantedArchive = m.checksum().filter(wanted::equals).isPresent();
            String archive = m.archive().orElse("");
            if (wantedArchive && BROKEN.contains(archive)) {
                return new Verdict.Failed(m.name() + ": " + m.error().orElse("archive " + archive));
            }
            if (!wantedArchive || !INSTALLED.contains(archive) || m.state().isEmpty()) {
                verdict = new Verdict.Pending("installing " + m.name());
            }
        }
        return verdict;
    }

    private static String revisionLabel(Optional<String> applied, PublishedSpecification current) {
        if (applied.isEmpty()) {
            return "none applied";
        }
        return current.revisionOf(applied.get()).map(r -> "revision " + r)
                .orElse("unknown revision " + applied.get().substring(0, Math.min(12, applied.get().length())));
    }

    /** Known revisions by number, the unknown ones below them, "none" last. */
    private static long revisionOrder(String label) {
        if (label.startsWith("revision ")) {
            return Long.parseLong(label.substring("revision ".length()));
        }
        return label.startsWith("unknown") ? -1 : -2;
    }

    private static List<Count> counts(Map<String, Integer> counts) {
        List<Count> list = new ArrayList<>();
        counts.forEach((label, n) -> list.add(new Count(label, n)));
        list.sort(Comparator.comparing(Count::nodes).reversed().thenComparing(Count::label));
        return list;
    }

    /** Groups, the largest first. */
    private static List<Group> groups(Map<String, List<String>> byReason) {
        List<Group> groups = new ArrayList<>();
        byReason.forEach((reason, nodes) -> groups.add(new Group(reason, new ArrayList<>(new TreeSet<>(nodes)))));
        groups.sort(Comparator.comparing((Group g) -> g.nodes().size()).reversed().thenComparing(Group::reason));
        return groups;
    }

    private static void groups(ArrayNode array, List<Group> groups) {
        for (Group g : groups) {
            ObjectNode group = array.addObject();
            group.put("reason", g.reason());
            g.nodes().forEach(group.putArray("nodes")::add);
        }
    }
}

package mms.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet node by node, for a table: one row per status record (and per unreadable key) with
 * where the node stands as its {@link FleetView} says, the revision it runs and its machines. It
 * computes nothing the view does not: a node's state and reason are the view's group it is in, so
 * the table and {@code mms fleet status} never disagree. Rows come problem first (rejected, failed,
 * stale, pending, unreadable, unmanaged, stopped, live, converged), then by identity.
 *
 * <p>A row leaves out what changes on every heartbeat ({@code updated}) except for stale and
 * stopped nodes, where it is when they were last seen: the table of a quiet fleet stays the same,
 * so a live page need not be sent anything.
 *
 * @param rows the rows, in the order above
 */
public record FleetTable(List<Row> rows) {

    /** Copies the list. */
    public FleetTable {
        rows = List.copyOf(rows);
    }

    /** Where a node stands, in the order a table lists them: problems first. */
    public enum State {
        /** It refused the current specification (untrusted, invalid). */
        REJECTED,
        /** Applying it or installing one of its archives failed (it may recover). */
        FAILED,
        /** It stopped writing its record without saying it stopped. */
        STALE,
        /** It is on its way to the current specification. */
        PENDING,
        /** Its key holds something that is not a status record. */
        UNREADABLE,
        /** It is not managed from the specification's bucket and key. */
        UNMANAGED,
        /** Its agent stopped cleanly. */
        STOPPED,
        /** It is live, and there is no specification to judge it by. */
        LIVE,
        /** It runs the current specification. */
        CONVERGED;

        /** The wire name, lowercase. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One node.
     *
     * @param identity the node's identity (the key, for an unreadable record)
     * @param state    where it stands
     * @param reason   why, for rejected, failed, pending and unreadable nodes (the view's group)
     * @param revision the revision of the specification it runs ({@code revision 7}, {@code none
     *                 applied}, {@code unknown revision 1a2b…}), for nodes managed from the current
     *                 specification's bucket and key
     * @param agent    the version of its agent; empty for an unreadable record
     * @param lastSeen when a stale or stopped node last wrote its record
     * @param machines its machines as its record lists them
     */
    public record Row(String identity, State state, Optional<String> reason, Optional<String> revision,
                      Optional<String> agent, Optional<Instant> lastSeen, List<NodeStatus.MachineStatus> machines) {
        /** Rejects nulls and copies the list. */
        public Row {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(lastSeen, "lastSeen");
            machines = List.copyOf(machines);
        }
    }

    /**
     * The rows of {@code records} as {@code view} judged them.
     *
     * @param records the records the view was computed from, not null
     * @param view    their view, not narrowed to a machine, not null
     * @throws IllegalArgumentException when the view is narrowed to a machine: its groups leave
     *     nodes out
     */
    public static FleetTable of(FleetRecords records, FleetView view) {
        Objects.requireNonNull(records, "records");
        if (view.machine().isPresent()) {
            throw new IllegalArgumentException("a fleet table needs a view of every machine, not only of "
                    + view.machine().get());
        }
        Map<String, Standing> standings = new HashMap<>();
        view.converged().forEach(node -> standings.put(node, new Standing(State.CONVERGED, Optional.empty())));
        put(standings, State.REJECTED, view.rejected());
        put(standings, State.FAILED, view.failed());
        put(standings, State.PENDING, view.pending());
        view.unmanaged().forEach(node -> standings.put(node, new Standing(State.UNMANAGED, Optional.empty())));
        view.stopped().forEach(node -> standings.put(node, new Standing(State.STOPPED, Optional.empty())));
        view.stale().forEach(node -> standings.put(node.identity(), new Standing(State.STALE, Optional.empty())));
        List<Row> rows = new ArrayList<>();
        for (NodeStatus node : records.nodes()) {
            Standing standing = standings.getOrDefault(node.identity(), new Standing(State.LIVE, Optional.empty()));
            boolean gone = standing.state() == State.STALE || standing.state() == State.STOPPED;
            rows.add(new Row(node.identity(), standing.state(), standing.reason(), revision(node, view),
                    Optional.of(node.version()), gone ? Optional.of(node.updated()) : Optional.empty(),
                    node.machines()));
        }
        records.unreadable().forEach((key, reason) -> rows.add(new Row(key, State.UNREADABLE, Optional.of(reason),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of())));
        rows.sort(Comparator.comparing(Row::state).thenComparing(Row::identity));
        return new FleetTable(rows);
    }

    /**
     * The rows as a JSON array, each member left out when absent:
     * <pre>{@code
     * [{"identity":"web2","state":"rejected","reason":"…","revision":"none applied","agent":"0.1.0",
     *   "machines":[{"name":"mms_manager","version":"0.1.0","state":"MANAGE"}]},
     *  {"identity":"web3","state":"stale","revision":"revision 6","agent":"0.1.0","last_seen":"…","machines":[…]}]
     * }</pre>
     * where {@code state} is a {@link State} in lowercase and each machine is as in the node's record
     * ({@link NodeStatus}: {@code name}, {@code version}, {@code state}, {@code checksum},
     * {@code archive}, {@code manager_state}, {@code error}, {@code error_time}).
     */
    public ArrayNode toJson() {
        ArrayNode list = mms.json.Json.mapper().createArrayNode();
        for (Row row : rows) {
            ObjectNode node = list.addObject();
            node.put("identity", row.identity());
            node.put("state", row.state().wireName());
            row.reason().ifPresent(v -> node.put("reason", v));
            row.revision().ifPresent(v -> node.put("revision", v));
            row.agent().ifPresent(v -> node.put("agent", v));
            row.lastSeen().ifPresent(v -> node.put("last_seen", v.toString()));
            ArrayNode machines = node.putArray("machines");
            row.machines().forEach(m -> m.writeTo(machines.addObject()));
        }
        return list;
    }

    /** A node's state and reason, as the view grouped it. */
    private record Standing(State state, Optional<String> reason) {}

    private static void put(Map<String, Standing> standings, State state, List<FleetView.Group> groups) {
        for (FleetView.Group group : groups) {
            group.nodes().forEach(node -> standings.put(node, new Standing(state, Optional.of(group.reason()))));
        }
    }

    /** The revision a node managed from the current specification's bucket and key runs. */
    private static Optional<String> revision(NodeStatus node, FleetView view) {
        return view.specification().flatMap(current -> node.specification()
                .filter(s -> s.bucket().equals(current.bucket()) && s.key().equals(current.key()))
                .map(s -> FleetView.revisionLabel(s.appliedDigest(), current)));
    }
}

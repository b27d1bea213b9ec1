package mms.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mms.kv.KeyValueStore;
import mms.spec.ManagedMachine;
import mms.status.FleetFeed;
import mms.status.FleetRecords;
import mms.status.NodeStatus;
import mms.watcher.FleetRollouts;
import mms.watcher.RolloutGate;

/**
 * The agent's {@link FleetRollouts}: every node's status record from one watch of the status
 * bucket of the agent's store (opened when a machines watcher first asks, so an agent without
 * rollout plans never reads the fleet), and {@link RolloutProgress} over them. It answers
 * {@link RolloutGate.Wait} whenever it cannot be sure: the records not read yet or unreadable,
 * a record that is not a node's, or this node's own record missing or stale (its store is then
 * probably out of reach, and the others' records would look stale too). Thread safe.
 */
public final class RolloutFeed implements FleetRollouts, AutoCloseable {
    private final KeyValueStore store;
    private FleetFeed feed;
    private boolean closed;

    /** @param store the agent's one store session, not null; it stays the caller's to close (after this) */
    public RolloutFeed(KeyValueStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public RolloutGate gate(String identity, String digest, ManagedMachine entry, Instant now) {
        Optional<FleetFeed> records = feed();
        if (records.isEmpty()) {
            return waiting("the agent is stopping");
        }
        FleetFeed f = records.get();
        if (!f.ready()) {
            return waiting("reading the fleet's status records from " + store.description());
        }
        if (f.lastError().isPresent()) {
            return waiting("cannot read the fleet's status records from " + store.description() + ": "
                    + f.lastError().get());
        }
        FleetRecords fleet = f.records();
        if (!fleet.unreadable().isEmpty()) {
            Map.Entry<String, String> first = fleet.unreadable().entrySet().iterator().next();
            return waiting(fleet.unreadable().size() + " status record(s) in " + NodeStatus.BUCKET
                    + " cannot be read, so who takes part is not known (" + first.getKey() + ": " + first.getValue()
                    + "); remove them with mms kv del " + NodeStatus.BUCKET + " KEY");
        }
        Optional<NodeStatus> self = fleet.nodes().stream().filter(n -> n.identity().equals(identity)).findFirst();
        if (self.isEmpty()) {
            return waiting("this node's status record is not in " + store.description() + " yet");
        }
        if (self.get().staleAt(now)) {
            return waiting("this node's own status record is stale (last written " + self.get().updated()
                    + "): the store is probably out of reach");
        }
        Optional<NodeStatus.SpecificationStatus> followed = self.get().specification();
        if (followed.isEmpty()) {
            return waiting("this node's status record does not name the specification it follows yet");
        }
        return RolloutProgress.of(fleet, followed.get().bucket(), followed.get().key(), digest, List.of(entry), now)
                .entry(entry.name()).map(e -> e.gate(identity, now))
                .orElseGet(() -> waiting(entry.name() + " has neither a rollout plan nor a health check"));
    }

    private static RolloutGate waiting(String reason) {
        return new RolloutGate.Wait(Optional.empty(), reason, Optional.empty());
    }

    private synchronized Optional<FleetFeed> feed() {
        if (closed) {
            return Optional.empty();
        }
        if (feed == null) {
            feed = FleetFeed.records(store);
        }
        return Optional.of(feed);
    }

    /** Stops reading. Idempotent. */
    @Override
    public void close() {
        FleetFeed open;
        synchronized (this) {
            closed = true;
            open = feed;
            feed = null;
        }
        if (open != null) {
            open.close();
        }
    }
}

package mms.agent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import mms.runtime.MachineSnapshot;

/**
 * What an agent is doing right now: the snapshot its status publishers and endpoints report.
 *
 * @param identity this node's identity, never null
 * @param version  the agent's version, never null
 * @param started  when the agent started, never null
 * @param store    the store it uses, for people (no credentials), never null
 * @param machines every machine it runs, sorted by name, never null
 */
public record AgentStatus(String identity, String version, Instant started, String store, List<MachineSnapshot> machines) {

    /** Copies the list, rejects nulls. */
    public AgentStatus {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(store, "store");
        machines = List.copyOf(machines);
    }

}

package mms.agent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import mms.runtime.WatcherFailure;

/**
 * What an agent is doing right now: the snapshot its status publishers and endpoints report.
 *
 * @param identity this node's identity, never null
 * @param version  the agent's version, never null
 * @param started  when the agent started, never null
 * @param store    the store it uses, for people (no credentials), never null
 * @param machines every machine it runs, sorted by name, never null
 */
public record AgentStatus(String identity, String version, Instant started, String store, List<MachineStatus> machines) {

    /** Copies the list, rejects nulls. */
    public AgentStatus {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(store, "store");
        machines = List.copyOf(machines);
    }

    /**
     * One running machine.
     *
     * @param name      machine name
     * @param version   machine version
     * @param state     current state
     * @param directory where it runs from (its data directory for compiled-in machines)
     * @param failures  the last failure of each watcher whose latest run failed, empty when all are well
     */
    public record MachineStatus(String name, String version, String state, Path directory, List<WatcherFailure> failures) {

        /** Copies the list. */
        public MachineStatus {
            failures = List.copyOf(failures);
        }
    }
}

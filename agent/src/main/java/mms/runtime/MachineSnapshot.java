package mms.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import mms.machine.MachineDefinition;

/**
 * One running machine as it is at one moment: what the agent's status, its status record and its
 * metrics report, so they can be composed (and tested) without the machine itself. Taken with
 * {@link Machine#snapshot()}.
 *
 * @param name       machine name, not null
 * @param version    machine version, not null
 * @param state      current state, not null
 * @param instanceId the id of this load of the machine (events carry it), not null
 * @param directory  where it runs from, not null
 * @param manifestHash SHA-256 of the {@code machine.yaml} it was loaded from, not null
 * @param definition what it runs (a manager's archive watcher holds the checksum), not null
 * @param failures   the last failure of each watcher whose run failed, not null
 */
public record MachineSnapshot(String name, String version, String state, String instanceId, Path directory,
                             String manifestHash, MachineDefinition definition, List<WatcherFailure> failures) {

    /** Rejects nulls, copies the list. */
    public MachineSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(manifestHash, "manifestHash");
        Objects.requireNonNull(definition, "definition");
        failures = List.copyOf(failures);
    }

}

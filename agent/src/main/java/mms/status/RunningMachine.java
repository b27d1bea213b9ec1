package mms.status;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import mms.machine.MachineDefinition;
import mms.runtime.Machine;
import mms.runtime.WatcherFailure;

/**
 * What the status record needs to know of one running machine: a snapshot, so the record can be
 * composed (and tested) without the machine itself.
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
public record RunningMachine(String name, String version, String state, String instanceId, Path directory,
                             String manifestHash, MachineDefinition definition, List<WatcherFailure> failures) {

    /** Rejects nulls, copies the list. */
    public RunningMachine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(manifestHash, "manifestHash");
        Objects.requireNonNull(definition, "definition");
        failures = List.copyOf(failures);
    }

    /** A snapshot of {@code machine} now. */
    public static RunningMachine of(Machine machine) {
        return new RunningMachine(machine.name(), machine.version(), machine.state(), machine.instanceId(),
                machine.directory(), machine.manifestHash(), machine.definition(), machine.watcherFailures());
    }
}

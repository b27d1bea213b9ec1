package mms.watcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A machine the host runs, as another machine's watcher may see it (the machines watcher checking
 * that a new version it installed runs and is healthy).
 *
 * @param name         machine name, not null
 * @param version      machine version, not null
 * @param state        current state, not null
 * @param instanceId   the id of this load of the machine, not null
 * @param directory    where it runs from, not null
 * @param manifestHash SHA-256 of the {@code machine.yaml} it was loaded from, lowercase hex, not null
 */
public record RunningMachine(String name, String version, String state, String instanceId, Path directory,
                             String manifestHash) {

    /** Rejects nulls. */
    public RunningMachine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(manifestHash, "manifestHash");
    }
}

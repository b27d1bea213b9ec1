package example.custom;

import mms.host.CompiledMachine;
import mms.machine.Manifest;
import mms.machine.ManifestException;

/**
 * A manager machine compiled into the agent: its definition ships inside this jar, so nothing on
 * a node's disk or in the bucket can change how the node bootstraps its machines.
 */
public final class MetadataManager implements CompiledMachine {
    @Override
    public Manifest manifest() throws ManifestException {
        return CompiledMachine.fromResource(MetadataManager.class, "machine.yaml");
    }
}

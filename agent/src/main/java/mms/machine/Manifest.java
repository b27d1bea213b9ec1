package mms.machine;

import java.nio.file.Path;
import java.util.List;

/**
 * A decoded {@code machine.yaml}.
 *
 * @param source     the file it came from, or a description for compiled-in machines
 * @param definition the machine
 * @param warnings   things that did not stop decoding, such as unknown keys
 * @param sha256     lowercase hex SHA-256 of the file's bytes; the host reloads when it changes
 */
public record Manifest(Path source, MachineDefinition definition, List<String> warnings, String sha256) {
    public Manifest {
        warnings = List.copyOf(warnings);
    }
}

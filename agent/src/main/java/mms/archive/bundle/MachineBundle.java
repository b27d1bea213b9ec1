package mms.archive.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import mms.json.Json;

/**
 * A bundled machine and its {@code machines.json} entry fields.
 *
 * @param name           the machine name, also the archive's top-level directory ({@code name})
 * @param version        the machine version from {@code machine.yaml}
 * @param archive        the written {@code <name>-<version>.tar.gz}
 * @param source         {@code <source-base>/<archive file name>} ({@code source})
 * @param checksum       SHA-256 of the archive, lowercase hex ({@code checksum})
 * @param verifyChecksum SHA-256 of {@code <name>/SHA256SUMS}, lowercase hex ({@code verify_checksum})
 */
public record MachineBundle(String name, String version, Path archive, String source, String checksum,
                            String verifyChecksum) {

    /** {@code {"name":…,"source":…,"checksum":…,"verify_checksum":…}} in that order. */
    public ObjectNode machinesJsonEntry() {
        ObjectNode entry = Json.object();
        entry.put("name", name);
        entry.put("source", source);
        entry.put("checksum", checksum);
        entry.put("verify_checksum", verifyChecksum);
        return entry;
    }
}

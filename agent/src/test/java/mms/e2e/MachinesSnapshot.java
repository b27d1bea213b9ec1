package mms.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import mms.digest.Sha256;
import mms.machine.MachineData;

/** What "nothing changed on disk" compares: a machines directory, path by path. */
final class MachinesSnapshot {

    private MachinesSnapshot() {}

    /**
     * Every path under {@code machines} with the SHA-256 of its content ("dir" for directories).
     * The manager machine's own data file is left out: it holds whatever the kv watchers last read,
     * refused or not.
     */
    static Map<String, String> of(Path machines) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path managerData = machines.resolve(Agent.MANAGER).resolve(MachineData.FILE_NAME);
        try (Stream<Path> walk = Files.walk(machines)) {
            for (Path p : walk.toList()) {
                if (p.equals(managerData)) {
                    continue;
                }
                String key = machines.relativize(p).toString();
                out.put(key, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Sha256.ofFile(p));
            }
        }
        return out;
    }
}

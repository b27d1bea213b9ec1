package mms.watcher.machines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import mms.duration.GoDuration;
import mms.machine.MachineDefinition;
import mms.machine.MachineYaml;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.machine.TransitionDefinition;
import mms.machine.WatcherDefinition;
import mms.spec.ManagedMachine;

/**
 * The manager machine {@code mm_<name>} of one specification entry, as data
 * ({@link #definition}) and as the {@code machine.yaml} the machines watcher writes
 * ({@link #render}): the original's template (watchers.md §4.2) byte for byte, through the one
 * machine YAML writer, which escapes every value for the double-quoted scalar it sits in. For
 * ordinary values (no {@code "}, {@code \} or control characters) the output is identical to the
 * original's, so the content hash, which decides whether a manager is rewritten, agrees with the
 * original's too. Template markers such as <code>{{ lookup ... }}</code> are kept: the archive
 * watcher evaluates them on each node, as in the original.
 */
public final class ManagerManifest {

    /** The directory name prefix of manager machines. */
    public static final String PREFIX = "mm_";
    /**
     * The prefix of a purge in progress, {@code .purge.mm_<name>}: the manager of {@code <name>},
     * parked there by the machines watcher, with the machine directory moved in after it. It exists
     * from the moment the purge is decided until nothing of the machine is left, so the host does
     * not start a machine directory {@code <name>} while it exists (the machine would run without a
     * manager), and the machines watcher finishes the purge when it finds one.
     */
    public static final String PURGING_PREFIX = ".purge." + PREFIX;

    private static final String MANAGE = "MANAGE";
    private static final String MAINTENANCE = "MAINTENANCE";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ManagerManifest() {}

    /**
     * The manager machine of {@code machine}: in {@code MANAGE} an archive watcher installs the
     * entry's archive into {@code target} every {@code manageInterval}; {@code enter_maintenance}
     * and {@code resume} pause and resume it.
     *
     * @param machine the entry, not null
     * @param manageInterval the archive watcher's interval, written in Go notation ({@code 2m0s}), not null
     * @param target the machines directory the archive installs into, not null
     */
    public static MachineDefinition definition(ManagedMachine machine, Duration manageInterval, Path target) {
        return definition(machine, manageInterval, target, Deployment.MACHINES);
    }

    /**
     * The manager machine of {@code machine} as {@code deployment} writes it: named with its
     * manager prefix and, for the plugins watcher, with the archive properties in key order
     * (watchers.md §5).
     *
     * @param machine the entry, not null
     * @param manageInterval the archive watcher's interval, not null
     * @param target the directory the archive installs into, not null
     * @param deployment the watcher writing it, not null
     */
    public static MachineDefinition definition(ManagedMachine machine, Duration manageInterval, Path target,
                                               Deployment deployment) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(manageInterval, "manageInterval");
        Objects.requireNonNull(target, "target");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("source", machine.source());
        properties.put("checksum", machine.checksum());
        properties.put("verify", "SHA256SUMS");
        properties.put("verify_checksum", machine.verifyChecksum());
        properties.put("creates", machine.name());
        properties.put("target", target.toString());
        properties.put("username", machine.username());
        properties.put("password", machine.password());
        properties.put("governor", machine.governor());
        return new MachineDefinition(deployment.managerDirectoryPrefix() + machine.name(), "1.0.0", MANAGE,
                List.of(new TransitionDefinition("enter_maintenance", List.of(MANAGE), MAINTENANCE, List.of(), ""),
                        new TransitionDefinition("resume", List.of(MAINTENANCE), MANAGE, List.of(), "")),
                List.of(new WatcherDefinition("download", "archive", List.of(MANAGE), List.of(), "", "",
                        GoDuration.format(manageInterval), "",
                        deployment.sortedProperties() ? new TreeMap<>(properties) : properties)),
                0);
    }

    /**
     * The manager manifest text, LF line endings, ending with a newline.
     *
     * @param machine the entry, not null
     * @param manageInterval the archive watcher's interval, not null
     * @param target the machines directory the archive installs into, not null
     */
    public static String render(ManagedMachine machine, Duration manageInterval, Path target) {
        return MachineYaml.write(definition(machine, manageInterval, target));
    }

    /**
     * The manager manifest text as {@code deployment} writes it, LF line endings, ending with a newline.
     *
     * @param machine the entry, not null
     * @param manageInterval the archive watcher's interval, not null
     * @param target the directory the archive installs into, not null
     * @param deployment the watcher writing it, not null
     */
    public static String render(ManagedMachine machine, Duration manageInterval, Path target, Deployment deployment) {
        return MachineYaml.write(definition(machine, manageInterval, target, deployment));
    }

    /**
     * The archive checksum a manager manifest installs: the {@code checksum} of its archive watcher,
     * lowercase. Empty when the file is not a manager this watcher could have written (it does not
     * parse, has no archive watcher, or its checksum is not a literal SHA-256).
     *
     * @param file     where the manifest was read from, for messages
     * @param manifest its bytes
     */
    static Optional<String> checksum(Path file, byte[] manifest) {
        try {
            return ManifestParser.parse(file, manifest).definition().watchers().stream()
                    .filter(w -> w.type().equals("archive")).findFirst()
                    .map(w -> w.properties().get("checksum"))
                    .filter(String.class::isInstance).map(c -> ((String) c).strip().toLowerCase(Locale.ROOT))
                    .filter(c -> SHA256.matcher(c).matches());
        } catch (ManifestException e) {
            return Optional.empty();
        }
    }
}

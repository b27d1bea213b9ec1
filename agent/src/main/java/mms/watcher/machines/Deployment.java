package mms.watcher.machines;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import mms.spec.Specification;

/**
 * What sets the two watchers that deploy from a specification apart: the {@code machines} watcher
 * and the {@code plugins} watcher run the same check ({@link MachinesWatcher}: one gate, one
 * reconciler) and differ only in these values (watchers.md §5).
 *
 * @param watcherType      the watcher type, {@code machines} or {@code plugins}; also the noun of its
 *                         log lines ({@code managing plugins failed})
 * @param format           which of the original's envelopes the data item holds, not null
 * @param managerPrefix    the directory (and machine) name prefix of manager machines, without the
 *                         {@code _}: {@code mm} for {@code mm_<name>}; never blank, never contains
 *                         {@code _} or a path separator
 * @param installDirectory where the managers' archives install {@code <name>}; empty: the machines
 *                         directory the managers are written to (the parent of the watcher's own)
 * @param sortedProperties whether the manager's archive watcher properties are written in key order
 *                         (the plugins watcher's template) rather than the machines watcher's order
 */
public record Deployment(String watcherType, Specification.Kind format, String managerPrefix,
                         Optional<Path> installDirectory, boolean sortedProperties) {

    /** The machines watcher's: {@code mm_<name>} managers installing next to themselves. */
    public static final Deployment MACHINES = new Deployment("machines", Specification.Kind.MACHINES, "mm",
            Optional.empty(), false);

    /**
     * Rejects nulls and prefixes that would not name a plain directory or would make manager names
     * ambiguous.
     *
     * @throws IllegalArgumentException for a bad prefix
     */
    public Deployment {
        Objects.requireNonNull(watcherType, "watcherType");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(managerPrefix, "managerPrefix");
        Objects.requireNonNull(installDirectory, "installDirectory");
        if (managerPrefix.isBlank() || managerPrefix.contains("_") || managerPrefix.contains("/")
                || managerPrefix.contains("\\") || managerPrefix.startsWith(".")) {
            throw new IllegalArgumentException("manager prefix '" + managerPrefix + "' must be a plain name without"
                    + " '_', '/' or a leading '.'");
        }
    }

    /**
     * The plugins watcher's.
     *
     * @param managerPrefix    {@code manager_machine_prefix}, not null
     * @param installDirectory {@code plugins_directory}, not null
     */
    public static Deployment plugins(String managerPrefix, Optional<Path> installDirectory) {
        return new Deployment("plugins", Specification.Kind.PLUGINS, managerPrefix, installDirectory, true);
    }

    /** What manager directories start with: the prefix and {@code _}, e.g. {@code mm_}. */
    public String managerDirectoryPrefix() {
        return managerPrefix + "_";
    }

    /**
     * The log line of a manager written for the first time, the original's for each watcher:
     * {@code deploying autonomous agent <name> from <source>} or
     * {@code deploying plugin <name> from <source> into <directory>}.
     */
    String deploying(String name, String source, Path installDirectory) {
        return switch (format) {
            case MACHINES -> "deploying autonomous agent " + name + " from " + source;
            case PLUGINS -> "deploying plugin " + name + " from " + source + " into " + installDirectory;
        };
    }

    /** Where entries are installed when the managers live in {@code machinesDirectory}. */
    Path installDirectory(Path machinesDirectory) {
        return installDirectory.orElse(machinesDirectory);
    }
}

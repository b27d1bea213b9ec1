package mms.watcher.plugins;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import mms.spec.Ed25519PublicKey;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.machines.Deployment;
import mms.watcher.machines.MachinesProperties;

/**
 * The {@code properties} of a plugins watcher (watchers.md §5).
 *
 * @param dataItem             {@code data_item}: the machine-data key holding the plugins
 *                             specification envelope (as a kv watcher stores it); required
 * @param purgeUnknown         {@code purge_unknown}: remove managed plugins that are not in the
 *                             specification or do not match this node; default false
 * @param pluginManageInterval {@code plugin_manage_interval}: Go duration the written manager
 *                             machines use as their archive watcher's {@code interval}; default 2m
 *                             (also when 0), minimum 10s (the archive watcher's minimum)
 * @param publicKey            {@code public_key}: hex ed25519 public key specifications must be
 *                             signed with when neither the agent's signing key nor a compiled-in key
 *                             applies; default none
 * @param pluginsDirectory     {@code plugins_directory}: where plugins are installed; default the
 *                             machines directory (the parent of the watcher's machine directory)
 * @param managerMachinePrefix {@code manager_machine_prefix}: the name prefix of the manager
 *                             machines, {@code <prefix>_<plugin>}; default {@code mm}; may not
 *                             contain {@code _}
 * @param trustItem            {@code trust_item}: the machine-data key holding the trust document,
 *                             as for the machines watcher; default none (an mms property)
 */
public record PluginsProperties(String dataItem, boolean purgeUnknown, Duration pluginManageInterval,
                                Optional<Ed25519PublicKey> publicKey, Optional<Path> pluginsDirectory,
                                String managerMachinePrefix, Optional<String> trustItem) {

    /** The manager prefix when none is given, the original's. */
    public static final String DEFAULT_PREFIX = "mm";

    /** Rejects nulls. */
    public PluginsProperties {
        Objects.requireNonNull(dataItem, "dataItem");
        Objects.requireNonNull(pluginManageInterval, "pluginManageInterval");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
        Objects.requireNonNull(managerMachinePrefix, "managerMachinePrefix");
        Objects.requireNonNull(trustItem, "trustItem");
    }

    /**
     * Reads and validates the properties, applying defaults.
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static PluginsProperties parse(WatcherProperties p) throws WatcherConfigException {
        String dataItem = p.requiredString("data_item");
        boolean purge = p.bool("purge_unknown", false);
        Duration manage = MachinesProperties.manageInterval(p, "plugin_manage_interval");
        // the original's built-in manager sets it too, and the plugins watcher ignores it
        p.raw("machine_manage_interval");
        String prefix = p.string("manager_machine_prefix").filter(s -> !s.isEmpty()).orElse(DEFAULT_PREFIX);
        if (prefix.contains("_")) {
            throw p.bad("manager_machine_prefix", prefix, "may not contain underscore");
        }
        Optional<String> directoryText = p.string("plugins_directory").filter(s -> !s.isBlank());
        Optional<Path> directory;
        try {
            directory = directoryText.map(s -> Path.of(s).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw p.bad("plugins_directory", directoryText.orElseThrow(), "is not a path: " + e.getMessage());
        }
        PluginsProperties parsed = new PluginsProperties(dataItem, purge, manage, MachinesProperties.publicKey(p),
                directory, prefix, MachinesProperties.trustItem(p, dataItem));
        try {
            parsed.deployment();
        } catch (IllegalArgumentException e) {
            throw p.bad("manager_machine_prefix", prefix, "is not a plain name: it may not contain '/' or '\\' nor"
                    + " start with '.'");
        }
        return parsed;
    }

    /** The properties the shared check reads ({@link mms.watcher.machines.MachinesWatcher}). */
    public MachinesProperties common() {
        return new MachinesProperties(dataItem, purgeUnknown, pluginManageInterval, publicKey, trustItem);
    }

    /** What the shared check does differently for plugins: prefix, install directory, envelope. */
    public Deployment deployment() {
        return Deployment.plugins(managerMachinePrefix, pluginsDirectory);
    }
}

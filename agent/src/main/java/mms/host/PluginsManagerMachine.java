package mms.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.machine.MachineDefinition;
import mms.machine.MachineYaml;
import mms.machine.Manifest;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.machine.TransitionDefinition;
import mms.machine.WatcherDefinition;

/**
 * The original's built-in plugins manager ({@code plugin.machines.download}, host.md §4.2), which an
 * agent enables with {@code plugins_download}: in {@code INITIAL} a kv watcher waits for the first
 * specification in {@code bucket}/{@code key}, then in {@code MANAGE} another keeps it current and
 * a {@code plugins} watcher ({@code manage_machines}) deploys it, with managers {@code mm_<name>}
 * installing into the machines directory. The names, states, transitions and properties are the
 * original's, so a Choria fleet's specification, events and {@code choria machine} commands work
 * unchanged; the kv watchers watch (with {@code pollInterval} as a safety net) instead of only
 * polling, so a new specification is applied in seconds.
 *
 * @param bucket           the bucket holding the specification, not null
 * @param key              the key, also the data item, not null
 * @param pollInterval     the kv watchers' interval, not null
 * @param checkInterval    the plugins watcher's interval and the managers' archive interval, not null
 * @param purge            remove plugins that are not in the specification
 * @param publicKey        hex public key for the {@code public_key} property, when configured
 * @param pluginsDirectory where plugins are installed: the machines directory, not null
 * @param version          the agent version, as the machine version, not null
 */
public record PluginsManagerMachine(String bucket, String key, Duration pollInterval, Duration checkInterval,
                                    boolean purge, Optional<String> publicKey, Path pluginsDirectory, String version)
        implements CompiledMachine {

    /** The machine's name, also its directory under the machines directory. */
    public static final String NAME = "plugins_manager";

    private static final String INITIAL = "INITIAL";
    private static final String MANAGE = "MANAGE";
    private static final String MAINTENANCE = "MAINTENANCE";

    /** Rejects nulls. */
    public PluginsManagerMachine {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
        Objects.requireNonNull(version, "version");
    }

    /** The machine, as data. */
    public MachineDefinition definition() {
        Map<String, Object> initial = kv();
        initial.put("on_successful_get", true);
        Map<String, Object> manage = new LinkedHashMap<>();
        manage.put("data_item", key);
        manage.put("purge_unknown", purge);
        manage.put("manager_machine_prefix", "mm");
        manage.put("plugin_manage_interval", GoDuration.format(checkInterval));
        publicKey.ifPresent(k -> manage.put("public_key", k));
        manage.put("plugins_directory", pluginsDirectory.toString());
        String poll = GoDuration.format(pollInterval);
        return new MachineDefinition(NAME, version, INITIAL,
                List.of(new TransitionDefinition("maintenance", List.of(MANAGE, INITIAL), MAINTENANCE, List.of(),
                                "Stops actively managing plugins"),
                        new TransitionDefinition("resume", List.of(MAINTENANCE), MANAGE, List.of(),
                                "Resume normal operations after being in maintenance mode"),
                        new TransitionDefinition("manage_plugins", List.of(INITIAL), MANAGE, List.of(),
                                "Actively manage plugins")),
                List.of(new WatcherDefinition("initial_specification", "kv", List.of(INITIAL), List.of(), "",
                                "manage_plugins", poll, "", initial),
                        new WatcherDefinition("specification", "kv", List.of(MANAGE), List.of(), "", "", poll, "", kv()),
                        new WatcherDefinition("manage_machines", "plugins", List.of(MANAGE), List.of(), "", "",
                                GoDuration.format(checkInterval), "", manage)),
                0);
    }

    private Map<String, Object> kv() {
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("bucket", bucket);
        kv.put("key", key);
        kv.put("mode", "watch");
        kv.put("bucket_prefix", false);
        return kv;
    }

    /** The manifest text, written by the one machine YAML writer, which escapes every value. */
    public String yaml() {
        return MachineYaml.write(definition());
    }

    @Override
    public Manifest manifest() throws ManifestException {
        return ManifestParser.parse(Path.of("built-in plugins manager machine " + NAME),
                yaml().getBytes(StandardCharsets.UTF_8));
    }
}

package mms.cli;

import java.util.Map;
import mms.config.AgentConfig;
import mms.config.Setting;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code mms fleet} reads: the agent's store, and the specification where the agents' built-in
 * manager finds it ({@code manage_bucket}, {@code manage_key}), resolved as the agent resolves them.
 */
final class FleetOptions implements SettingsOptions.Group {
    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @Option(names = "--manage-bucket", paramLabel = "BUCKET",
            description = "bucket of the signed specification (MMS_MANAGE_BUCKET, config 'manage_bucket'; default MACHINES)")
    String manageBucket;

    @Option(names = "--manage-key", paramLabel = "KEY",
            description = "key of the signed specification (MMS_MANAGE_KEY, config 'manage_key'; default machines)")
    String manageKey;

    @Mixin
    SettingsOptions.Store store = new SettingsOptions.Store();

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingsOptions.put(flags, Setting.MANAGE_BUCKET, manageBucket);
        SettingsOptions.put(flags, Setting.MANAGE_KEY, manageKey);
    }

    /** The resolved configuration; see {@link SettingsOptions#resolve}. */
    AgentConfig resolve(Map<String, String> environment) {
        return SettingsOptions.resolve(config, environment, this, store);
    }
}

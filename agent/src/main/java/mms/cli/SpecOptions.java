package mms.cli;

import java.util.Map;
import mms.config.AgentConfig;
import picocli.CommandLine.Mixin;

/**
 * What {@code mms spec} reads: the store and the specification's bucket and key as
 * {@code mms fleet} finds them, and the trust of the fleet's nodes ({@code trust_file},
 * {@code signing_key}, {@code audience}), all resolved as the agent resolves them, so that on a
 * node, or with the node's configuration file, no flag is needed.
 */
final class SpecOptions {
    @Mixin
    FleetOptions fleet = new FleetOptions();

    @Mixin
    SettingsOptions.Trust trust = new SettingsOptions.Trust();

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    /** The resolved configuration; see {@link SettingsOptions#resolve}. */
    AgentConfig resolve() {
        return SettingsOptions.resolve(fleet.config, environment, fleet, fleet.store, trust);
    }
}

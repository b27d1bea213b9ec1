package mms.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import org.junit.jupiter.api.Test;

class ManagerMachineTest {
    static ManagerMachine manager(String bucket, String key) {
        return new ManagerMachine("mms_manager", bucket, key, "watch", Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(2), true, Optional.empty(), "0.1.0");
    }

    @Test
    void isTheSeedsConfiguringMachineAndLoadsWithTheStockWatchers() throws Exception {
        var manifest = manager("MACHINES", "machines").manifest();
        var check = new MachineLoader(WatcherRegistry.discover())
                .check(manifest, Path.of("/etc/mms/machines/mms_manager"), false);
        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
        var watchers = manifest.definition().watchers();
        assertThat(watchers).extracting(w -> w.type()).containsExactly("kv", "kv", "kv", "machines");
        assertThat(watchers.get(0).stateMatch()).containsExactly("INITIAL", "MANAGE");
        assertThat(watchers.get(0).properties()).containsEntry("bucket", "MACHINES").containsEntry("key", "trust")
                .containsEntry("mode", "watch").containsEntry("bucket_prefix", false);
        watchers = watchers.subList(1, 4);
        assertThat(watchers.get(0).stateMatch()).containsExactly("INITIAL");
        assertThat(watchers.get(0).successTransition()).isEqualTo("manage");
        assertThat(watchers.get(0).properties()).containsEntry("on_successful_get", true);
        watchers = watchers.subList(1, 3);
        assertThat(watchers.get(0).properties()).containsEntry("bucket", "MACHINES").containsEntry("key", "machines")
                .containsEntry("mode", "watch").containsEntry("bucket_prefix", false);
        assertThat(watchers.get(1).properties()).containsEntry("data_item", "machines").containsEntry("purge_unknown", true)
                .containsEntry("machine_manage_interval", "2m0s").containsEntry("trust_item", "trust");
        assertThat(manifest.definition().initialState()).isEqualTo("INITIAL");
    }

    @Test
    void isDataWrittenByTheOneMachineWriter() throws Exception {
        ManagerMachine manager = manager("MACHINES", "machines");

        assertThat(manager.manifest().definition()).isEqualTo(manager.definition());
        assertThat(manager.yaml()).isEqualTo(mms.machine.MachineYaml.write(manager.definition()));
    }

    @Test
    void configurationValuesCannotChangeTheManifestsShape() throws Exception {
        var manifest = manager("B\"\n    evil: true", "k").manifest();
        assertThat(manifest.warnings()).isEmpty();
        assertThat(manifest.definition().watchers().get(0).properties().get("bucket")).isEqualTo("B\"\n    evil: true");
    }

    @Test
    void isEnabledFromTheAgentConfiguration() throws Exception {
        AgentConfig off = AgentConfig.resolve(Optional.empty(), Map.of("MMS_IDENTITY", "n"), Map.of());
        assertThat(off.manager()).isEmpty();
        AgentConfig on = AgentConfig.resolve(Optional.empty(),
                Map.of("MMS_IDENTITY", "n", "MMS_MANAGE", "true", "MMS_MANAGE_BUCKET", "FLEET"),
                Map.of(Setting.MANAGE_INTERVAL, "30s", Setting.MANAGE_PURGE, "false"));
        assertThat(on.manager()).contains(new AgentConfig.ManagerSettings("FLEET", "machines", Duration.ofSeconds(30), false));
    }

    @Test
    void refusesTheTrustDocumentsKeyAsTheSpecificationsKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> manager("MACHINES", "trust"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the specification key cannot be 'trust': that key holds the trust document");
    }
}

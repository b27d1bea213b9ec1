package mms.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import mms.machine.TransitionDefinition;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import org.junit.jupiter.api.Test;

class PluginsManagerMachineTest {
    static final String KEY = "64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da";

    static PluginsManagerMachine manager() {
        return new PluginsManagerMachine("CHORIA_PLUGINS", "plugins", Duration.ofMinutes(1), Duration.ofSeconds(30), true,
                Optional.of(KEY), Path.of("/etc/mms/machines"), "0.1.0");
    }

    @Test
    void isTheOriginalsPluginsManagerAndLoadsWithTheStockWatchers() throws Exception {
        var manifest = manager().manifest();
        var check = new MachineLoader(WatcherRegistry.discover())
                .check(manifest, Path.of("/etc/mms/machines/plugins_manager"), false);

        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
        var definition = manifest.definition();
        assertThat(definition.name()).isEqualTo("plugins_manager");
        assertThat(definition.initialState()).isEqualTo("INITIAL");
        assertThat(definition.transitions()).extracting(TransitionDefinition::name)
                .containsExactly("maintenance", "resume", "manage_plugins");
        var watchers = definition.watchers();
        assertThat(watchers).extracting(w -> w.name()).containsExactly("initial_specification", "specification",
                "manage_machines");
        assertThat(watchers).extracting(w -> w.type()).containsExactly("kv", "kv", "plugins");
        assertThat(watchers.get(0).successTransition()).isEqualTo("manage_plugins");
        assertThat(watchers.get(0).properties()).containsEntry("bucket", "CHORIA_PLUGINS").containsEntry("key", "plugins")
                .containsEntry("bucket_prefix", false).containsEntry("on_successful_get", true);
        assertThat(watchers.get(1).stateMatch()).containsExactly("MANAGE");
        assertThat(watchers.get(2).interval()).isEqualTo("30s");
        assertThat(watchers.get(2).properties()).containsEntry("data_item", "plugins").containsEntry("purge_unknown", true)
                .containsEntry("manager_machine_prefix", "mm").containsEntry("plugin_manage_interval", "30s")
                .containsEntry("public_key", KEY).containsEntry("plugins_directory", "/etc/mms/machines");
    }

    @Test
    void isDataWrittenByTheOneMachineWriter() throws Exception {
        assertThat(manager().manifest().definition()).isEqualTo(manager().definition());
    }
}

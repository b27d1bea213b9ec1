package mms.watcher.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mms.spec.Specification;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import org.junit.jupiter.api.Test;

/** The original's setProperties cases (pluginswatcher/plugins_test.go) and the mms rules. */
class PluginsPropertiesTest {

    static WatcherProperties props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new WatcherProperties("plugins watcher 'manage_machines'", m);
    }

    @Test
    void defaultsTheManagerMachinePrefixToMm() throws Exception {
        PluginsProperties p = PluginsProperties.parse(props("data_item", "spec"));

        assertThat(p.managerMachinePrefix()).isEqualTo("mm");
        assertThat(p.deployment().managerDirectoryPrefix()).isEqualTo("mm_");
        assertThat(p.purgeUnknown()).isFalse();
        assertThat(p.pluginManageInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.pluginsDirectory()).isEmpty();
        assertThat(p.publicKey()).isEmpty();
    }

    @Test
    void refusesAManagerMachinePrefixWithAnUnderscore() {
        assertThatThrownBy(() -> PluginsProperties.parse(props("data_item", "spec", "manager_machine_prefix", "plugin_foo")))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessageContaining("manager_machine_prefix").hasMessageContaining("may not contain underscore");
    }

    @Test
    void refusesAManagerMachinePrefixThatIsNoPlainName() {
        assertThatThrownBy(() -> PluginsProperties.parse(props("data_item", "spec", "manager_machine_prefix", "../x")))
                .isInstanceOf(WatcherConfigException.class).hasMessageContaining("is not a plain name");
    }

    @Test
    void acceptsACustomManagerMachinePrefix() throws Exception {
        PluginsProperties p = PluginsProperties.parse(props("data_item", "spec", "manager_machine_prefix", "plugin"));

        assertThat(p.deployment().managerDirectoryPrefix()).isEqualTo("plugin_");
        assertThat(p.deployment().format()).isEqualTo(Specification.Kind.PLUGINS);
        assertThat(p.deployment().watcherType()).isEqualTo("plugins");
    }

    @Test
    void requiresTheDataItem() {
        assertThatThrownBy(() -> PluginsProperties.parse(props("purge_unknown", true)))
                .isInstanceOf(WatcherConfigException.class).hasMessageContaining("data_item");
    }

    @Test
    void honoursPluginManageIntervalAndIgnoresMachineManageInterval() throws Exception {
        WatcherProperties raw = props("data_item", "spec", "plugin_manage_interval", "30s",
                "machine_manage_interval", "5m");

        PluginsProperties p = PluginsProperties.parse(raw);

        assertThat(p.pluginManageInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(raw.unusedKeys()).as("the original's built-in manager sets both").isEmpty();
    }

    @Test
    void raisesAPluginManageIntervalBelowTheArchiveMinimumWithAWarning() throws Exception {
        WatcherProperties raw = props("data_item", "spec", "plugin_manage_interval", "1s");

        assertThat(PluginsProperties.parse(raw).pluginManageInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(raw.warnings()).singleElement().asString().contains("plugin_manage_interval");
    }

    @Test
    void readsThePluginsDirectoryAsAnAbsolutePath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        PluginsProperties p = PluginsProperties.parse(props("data_item", "spec", "plugins_directory",
                dir.resolve("a/../plugins").toString()));

        assertThat(p.pluginsDirectory()).contains(dir.resolve("plugins"));
    }

    @Test
    void refusesAPluginsDirectoryThatIsNoPath() {
        assertThatThrownBy(() -> PluginsProperties.parse(props("data_item", "spec", "plugins_directory", "/srv/\0x")))
                .isInstanceOf(WatcherConfigException.class).hasMessageContaining("plugins_directory")
                .hasMessageContaining("is not a path");
    }

    @Test
    void refusesAPublicKeyThatIsNotHex() {
        assertThatThrownBy(() -> PluginsProperties.parse(props("data_item", "spec", "public_key", "x")))
                .isInstanceOf(WatcherConfigException.class).hasMessageContaining("public_key");
    }
}

package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import org.junit.jupiter.api.Test;

class MachinesPropertiesTest {
    static final String PUBLIC = "64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da";

    static WatcherProperties props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new WatcherProperties("machines watcher 'manage'", m);
    }

    @Test
    void appliesDefaults() throws Exception {
        MachinesProperties p = MachinesProperties.parse(props("data_item", "spec"));

        assertThat(p.dataItem()).isEqualTo("spec");
        assertThat(p.purgeUnknown()).isFalse();
        assertThat(p.machineManageInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.publicKey()).isEmpty();
        assertThat(p.trustItem()).isEmpty();
    }

    @Test
    void readsTheTrustItemAndKeepsItApartFromTheSpecification() throws Exception {
        assertThat(MachinesProperties.parse(props("data_item", "spec", "trust_item", "trust")).trustItem()).contains("trust");
        assertThatThrownBy(() -> MachinesProperties.parse(props("data_item", "spec", "trust_item", "spec")))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessageContaining("trust_item")
                .hasMessageContaining("is the data_item: the trust document and the specification are kept apart");
    }

    @Test
    void honoursMachineManageIntervalUnderTheDocumentedAndTheOriginalsKey() throws Exception {
        assertThat(MachinesProperties.parse(props("data_item", "s", "machine_manage_interval", "5m")).machineManageInterval())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(MachinesProperties.parse(props("data_item", "s", "MachineManageInterval", "1h")).machineManageInterval())
                .isEqualTo(Duration.ofHours(1));
        assertThat(MachinesProperties.parse(props("data_item", "s", "machine_manage_interval", "0s")).machineManageInterval())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void readsPurgeAndPublicKey() throws Exception {
        MachinesProperties p = MachinesProperties.parse(props("DATA_ITEM", "spec", "purge_unknown", "true",
                "public_key", PUBLIC.toUpperCase()));

        assertThat(p.purgeUnknown()).isTrue();
        assertThat(p.publicKey()).hasValueSatisfying(k -> assertThat(k.hex()).isEqualTo(PUBLIC));
    }

    @Test
    void rejectsAMissingDataItem() {
        assertThatThrownBy(() -> MachinesProperties.parse(props("purge_unknown", true)))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessage("property 'data_item' of machines watcher 'manage' is required");
    }

    @Test
    void rejectsAManageIntervalTheArchiveWatcherWouldRefuse() {
        assertThatThrownBy(() -> MachinesProperties.parse(props("data_item", "s", "machine_manage_interval", "5s")))
                .hasMessage("property 'machine_manage_interval' of machines watcher 'manage': '5s' is too small,"
                        + " minimum is 10s (the archive watcher's minimum interval)");
        assertThatThrownBy(() -> MachinesProperties.parse(props("data_item", "s", "machine_manage_interval", "-1m")))
                .hasMessageContaining("'-1m0s' is negative");
        assertThatThrownBy(() -> MachinesProperties.parse(props("data_item", "s", "machine_manage_interval", "2d")))
                .hasMessageContaining("property 'machine_manage_interval'").hasMessageContaining("'2d' is not a duration");
    }

    @Test
    void rejectsAPublicKeyThatIsNotOne() {
        assertThatThrownBy(() -> MachinesProperties.parse(props("data_item", "s", "public_key", "abcd")))
                .hasMessageStartingWith("property 'public_key' of machines watcher 'manage': 'abcd' is not a hex ed25519 public key: ");
        assertThatThrownBy(() -> MachinesProperties.parse(props("data_item", "s", "public_key", "zz" + PUBLIC.substring(2))))
                .hasMessageContaining("is not a hex ed25519 public key");
    }

    @Test
    void factoryRefusesIntervalsBelowTwoSeconds() {
        WatcherSettings settings = new WatcherSettings("manage", "machines", List.of(), List.of(), "", "",
                Duration.ofSeconds(1), Duration.ZERO);
        MachineInfo info = new MachineInfo("mgr", "1.0.0", Path.of("/tmp/machines/mgr"));

        assertThatThrownBy(() -> new MachinesWatcherFactory().create(settings, props("data_item", "s"), info))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessage("interval of machines watcher 'manage': 1s is too small, minimum is 2s");
    }

    @Test
    void factoryBuildsAWatcherThatWakesOnDataChanges() throws Exception {
        WatcherSettings settings = new WatcherSettings("manage", "machines", List.of("MANAGE"), List.of(), "", "",
                Duration.ofSeconds(2), Duration.ZERO);
        var w = new MachinesWatcherFactory().create(settings, props("data_item", "spec"),
                new MachineInfo("mgr", "1.0.0", Path.of("/tmp/machines/mgr")));

        assertThat(new MachinesWatcherFactory().type()).isEqualTo("machines");
        assertThat(w.wakeOnDataChange()).isTrue();
        assertThat(((MachinesWatcher) w).properties().dataItem()).isEqualTo("spec");
        assertThat(w.currentState()).isEqualTo(new MachinesStateNotification(List.of(), MachinesState.UNKNOWN, 0));
    }
}

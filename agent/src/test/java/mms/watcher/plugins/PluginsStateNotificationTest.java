package mms.watcher.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mms.event.WatcherStateNotification;
import mms.watcher.machines.MachinesState;
import org.junit.jupiter.api.Test;

class PluginsStateNotificationTest {

    @Test
    void writesTheOriginalsMembersAndTextForm() {
        var state = new PluginsStateNotification(List.of("facts", "web"), MachinesState.UPDATED, 1_500_000, false);
        var n = new WatcherStateNotification("node1", "id1", "0.0.2", 1700000000L, "plugins", "plugins_manager",
                "manage_machines", state);

        assertThat(n.protocol()).isEqualTo("io.choria.machine.watcher.plugins.v1.state");
        assertThat(n.data().toString()).isEqualTo("{\"protocol\":\"io.choria.machine.watcher.plugins.v1.state\","
                + "\"identity\":\"node1\",\"id\":\"id1\",\"version\":\"0.0.2\",\"timestamp\":1700000000,"
                + "\"type\":\"plugins\",\"machine\":\"plugins_manager\",\"name\":\"manage_machines\","
                + "\"plugins\":[\"facts\",\"web\"],\"previous_outcome\":\"updated\",\"previous_run_time\":1500000}");
        assertThat(n.text()).isEqualTo("node1 plugins_manager#manage_machines plugin: facts, web, previous: updated ran: 0.002s");
    }
}

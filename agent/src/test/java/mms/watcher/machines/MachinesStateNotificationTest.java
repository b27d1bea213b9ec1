package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class MachinesStateNotificationTest {

    @Test
    void writesTheOriginalsMembersAfterTheCommonOnes() {
        var state = new MachinesStateNotification(List.of("facts", "web"), MachinesState.UPDATED, 1_500_000);
        var n = new WatcherStateNotification("node1", "id1", "0.0.2", 1700000000L, "machines", "machine_manager",
                "manage_machines", state);

        assertThat(n.protocol()).isEqualTo("io.choria.machine.watcher.machines.v1.state");
        assertThat(n.data().toString()).isEqualTo("{\"protocol\":\"io.choria.machine.watcher.machines.v1.state\","
                + "\"identity\":\"node1\",\"id\":\"id1\",\"version\":\"0.0.2\",\"timestamp\":1700000000,"
                + "\"type\":\"machines\",\"machine\":\"machine_manager\",\"name\":\"manage_machines\","
                + "\"machines\":[\"facts\",\"web\"],\"previous_outcome\":\"updated\",\"previous_run_time\":1500000}");
        assertThat(n.text()).isEqualTo("node1 machine_manager#manage_machines machines: facts, web, previous: updated ran: 0.002s");
    }

    @Test
    void anEmptyListIsWrittenAsAnEmptyArray() {
        var state = new MachinesStateNotification(List.of(), MachinesState.UNKNOWN, 0);
        var data = Json.object();
        state.writeTo(data);

        assertThat(data.toString()).isEqualTo("{\"machines\":[],\"previous_outcome\":\"unknown\",\"previous_run_time\":0}");
    }

    @Test
    void wireNamesAreTheOriginals() {
        assertThat(List.of(MachinesState.values())).extracting(MachinesState::wireName)
                .containsExactly("unknown", "skipped", "error", "updated", "unchanged");
    }
}

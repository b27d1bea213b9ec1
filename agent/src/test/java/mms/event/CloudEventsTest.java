package mms.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import mms.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudEventsTest {
    static final TransitionNotification TRANSITION = new TransitionNotification("web1.example.net", "d1c0",
            "1.0.0", 1714557600L, "mm_facts", "enter_maintenance", "MANAGE", "MAINTENANCE");

    @Test
    void transitionEnvelopeMatchesTheOriginalByteForByte() {
        ObjectNode envelope = CloudEvents.envelope(TRANSITION, UUID.fromString("7f0c0000-0000-4000-8000-000000000000"));
        assertThat(Json.write(envelope)).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"7f0c0000-0000-4000-8000-000000000000\","
                + "\"source\":\"io.choria.machine\",\"type\":\"io.choria.machine.v1.transition\","
                + "\"subject\":\"web1.example.net\",\"datacontenttype\":\"application/json\","
                + "\"time\":\"2024-05-01T10:00:00Z\",\"data\":{\"protocol\":\"io.choria.machine.v1.transition\","
                + "\"identity\":\"web1.example.net\",\"id\":\"d1c0\",\"version\":\"1.0.0\",\"timestamp\":1714557600,"
                + "\"machine\":\"mm_facts\",\"transition\":\"enter_maintenance\",\"from_state\":\"MANAGE\","
                + "\"to_state\":\"MAINTENANCE\"}}");
        assertThat(TRANSITION.text()).isEqualTo("web1.example.net mm_facts transitioned via event enter_maintenance: MANAGE => MAINTENANCE");
        assertThat(TRANSITION.subject()).isEqualTo("choria.machine.transition");
    }

    @Test
    void watcherStateKeepsCommonMembersFirstThenTheTypesOwn() {
        WatcherState exec = new WatcherState() {
            @Override
            public void writeTo(ObjectNode data) {
                data.put("command", "/bin/sh");
                data.put("previous_outcome", "success");
                data.put("previous_run_time", 1_000_000_000L);
            }

            @Override
            public String text(String identity, String machine, String watcher) {
                return identity + " " + machine + "#" + watcher + " command: /bin/sh, previous: success ran: "
                        + WatcherState.seconds(1_000_000_000L) + "s";
            }
        };
        var n = new WatcherStateNotification("ginkgo", "1234567890", "1.0.0", 1606924953L, "exec", "exec", "ginkgo", exec);
        assertThat(Json.write(n.data())).isEqualTo("{\"protocol\":\"io.choria.machine.watcher.exec.v1.state\","
                + "\"identity\":\"ginkgo\",\"id\":\"1234567890\",\"version\":\"1.0.0\",\"timestamp\":1606924953,"
                + "\"type\":\"exec\",\"machine\":\"exec\",\"name\":\"ginkgo\",\"command\":\"/bin/sh\","
                + "\"previous_outcome\":\"success\",\"previous_run_time\":1000000000}");
        assertThat(CloudEvents.envelope(n).get("type").asText()).isEqualTo("io.choria.machine.watcher.exec.v1.state");
        assertThat(CloudEvents.envelope(n).get("time").asText()).isEqualTo("2020-12-02T16:02:33Z");
        assertThat(n.subject()).isEqualTo("choria.machine.watcher.exec.state");
        assertThat(n.text()).isEqualTo("ginkgo exec#ginkgo command: /bin/sh, previous: success ran: 1.000s");
    }

    @Test
    void jsonLinesSinkAppendsOneEnvelopePerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events/out.jsonl");
        try (JsonLinesEventSink sink = new JsonLinesEventSink(file)) {
            sink.publish(TRANSITION);
            sink.publish(TRANSITION);
        }
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(Json.mapper().readTree(lines.get(1)).get("data").get("to_state").asText()).isEqualTo("MAINTENANCE");
    }
}

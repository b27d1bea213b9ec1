package mms.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeStatusTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    static NodeStatus sample() {
        return new NodeStatus("web1", "0.1.0", T0, T0.plusSeconds(300), Duration.ofMinutes(1),
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", "9f86", Optional.of("6403"),
                        T0.plusSeconds(298), NodeStatus.Outcome.APPLIED, Optional.empty(), Optional.of("9f86"))),
                List.of(new NodeStatus.MachineStatus("web", "1.2.0", "RUNNING", Optional.of("f11e"),
                        Optional.of("verified"), Optional.of("MANAGE"), Optional.empty(), Optional.empty())));
    }

    @Test
    void writesTheDocumentedJson() {
        assertThat(sample().toJson()).isEqualTo("{\"protocol\":\"io.mms.node.v1.status\",\"identity\":\"web1\","
                + "\"version\":\"0.1.0\",\"started\":\"2026-12-04T10:00:00Z\",\"updated\":\"2026-12-04T10:05:00Z\","
                + "\"heartbeat\":\"1m0s\",\"specification\":{\"bucket\":\"MACHINES\",\"key\":\"machines\","
                + "\"digest\":\"9f86\",\"signer\":\"6403\",\"seen\":\"2026-12-04T10:04:58Z\",\"outcome\":\"applied\","
                + "\"applied_digest\":\"9f86\"},\"machines\":[{\"name\":\"web\",\"version\":\"1.2.0\",\"state\":\"RUNNING\","
                + "\"checksum\":\"f11e\",\"archive\":\"verified\",\"manager_state\":\"MANAGE\"}]}");
    }

    @Test
    void readsWhatItWritesAndIgnoresMembersItDoesNotKnow() throws Exception {
        NodeStatus status = sample();
        assertThat(NodeStatus.parse(status.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(status);

        String newer = status.toJson().replace("\"identity\"", "\"future\":[1,2],\"identity\"");
        assertThat(NodeStatus.parse(newer.getBytes(StandardCharsets.UTF_8))).isEqualTo(status);
    }

    @Test
    void aNodeIsStaleAfterThreeMissedHeartbeats() {
        NodeStatus status = sample();
        assertThat(status.staleAt(status.updated().plus(Duration.ofMinutes(3)))).isFalse();
        assertThat(status.staleAt(status.updated().plus(Duration.ofMinutes(3)).plusSeconds(1))).isTrue();
    }

    @Test
    void longErrorsAndReasonsAreCutSoARecordStaysSmall() {
        String huge = "x".repeat(10_000);
        var machine = new NodeStatus.MachineStatus("web", "1", "s", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(huge), Optional.of(T0));
        assertThat(machine.error()).hasValueSatisfying(e -> assertThat(e).hasSize(NodeStatus.MAX_TEXT).endsWith("…"));
    }

    @Test
    void refusesSomethingElseNamingTheMember() {
        assertThatThrownBy(() -> NodeStatus.parse("{\"protocol\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("protocol 'x'");
        assertThatThrownBy(() -> NodeStatus.parse(sample().toJson().replace("\"updated\":\"2026-12-04T10:05:00Z\",", "")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessage("node status member 'updated' is missing or not a string");
    }
}

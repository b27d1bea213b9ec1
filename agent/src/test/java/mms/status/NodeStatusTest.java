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
        return new NodeStatus("web1", "0.1.0", T0, T0.plusSeconds(300), Duration.ofMinutes(1), false,
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", Optional.of(new NodeStatus.Decision(
                        "9f86", Optional.of("6403"), T0.plusSeconds(298), NodeStatus.Outcome.APPLIED, Optional.empty(),
                        Optional.of("9f86"))))),
                List.of(new NodeStatus.MachineStatus("web", Optional.of("1.2.0"), Optional.of("RUNNING"),
                        Optional.of("f11e"), Optional.of("verified"), Optional.of("MANAGE"), Optional.empty(),
                        Optional.empty())), 0);
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
        var machine = new NodeStatus.MachineStatus("web", Optional.of("1"), Optional.of("s"), Optional.empty(),
                Optional.empty(),
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

    @Test
    void aStoppedAgentsLastRecordSaysSoAndReadsBack() throws Exception {
        NodeStatus last = sample().asStopped();

        assertThat(last.toJson()).contains("\"heartbeat\":\"1m0s\",\"stopped\":true,");
        assertThat(NodeStatus.parse(last.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(last);
        assertThat(sample().toJson()).doesNotContain("stopped");
    }

    @Test
    void aManagedMachineThatDoesNotRunYetHasNoVersionOrState() throws Exception {
        NodeStatus status = new NodeStatus("web1", "0.1.0", T0, T0, Duration.ofMinutes(1), false, Optional.empty(),
                List.of(new NodeStatus.MachineStatus("web", Optional.empty(), Optional.empty(), Optional.of("f11e"),
                        Optional.of("error"), Optional.of("MANAGE"), Optional.of("download failed"), Optional.of(T0))),
                3);

        assertThat(status.toJson()).contains("\"machines\":[{\"name\":\"web\",\"checksum\":\"f11e\",\"archive\":\"error\","
                + "\"manager_state\":\"MANAGE\",\"error\":\"download failed\",\"error_time\":\"2026-12-04T10:00:00Z\"}],"
                + "\"machines_omitted\":3}");
        assertThat(NodeStatus.parse(status.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(status);
    }

    @Test
    void aManagerThatHasNotDecidedYetNamesOnlyWhatItFollows() throws Exception {
        NodeStatus status = new NodeStatus("web1", "0.1.0", T0, T0, Duration.ofMinutes(1), false,
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", Optional.empty())), List.of(), 0);

        assertThat(status.toJson()).contains("\"specification\":{\"bucket\":\"MACHINES\",\"key\":\"machines\"},");
        assertThat(NodeStatus.parse(status.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(status);
    }

    @Test
    void aHostNameIsItsOwnKey() {
        assertThat(NodeStatus.key("web1.example.net")).isEqualTo("web1.example.net");
        assertThat(NodeStatus.key("node_7/rack-2")).isEqualTo("node_7/rack-2");
    }

    @Test
    void identitiesThatAreNotKeysAreEscapedReversibly() {
        List<String> identities = List.of("web 1", ".hidden", "trailing.", "a..b", "a=b", "a=3Db", "hôte", "x:y@z", "=");
        for (String identity : identities) {
            String key = NodeStatus.key(identity);
            assertThat(mms.kv.KvNames.isValidKey(key)).as("key %s of %s", key, identity).isTrue();
            assertThat(NodeStatus.identity(key)).isEqualTo(identity);
        }
        assertThat(identities.stream().map(NodeStatus::key).distinct()).hasSameSizeAs(identities);
        assertThat(NodeStatus.key("web 1")).isEqualTo("web=201");
        assertThat(NodeStatus.key(".hidden")).isEqualTo("=2Ehidden");
    }

    @Test
    void refusesAKeyWithABrokenEscape() {
        assertThatThrownBy(() -> NodeStatus.identity("web=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'=' at 3 is not followed by two uppercase hex digits");
    }
}

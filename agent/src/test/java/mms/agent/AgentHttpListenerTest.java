package mms.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import mms.metrics.PrometheusText;
import mms.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent with {@code http_listen}: /metrics follows its machines and store, /healthz answers, close() stops it. */
class AgentHttpListenerTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void closeClient() {
        client.close();
    }

    AgentConfig config(Map<Setting, String> more) throws Exception {
        Map<Setting, String> flags = new HashMap<>(Map.of(Setting.MACHINES, dir.resolve("machines").toString(),
                Setting.STATE_DIR, dir.resolve("state").toString(), Setting.HTTP_LISTEN, "127.0.0.1:0"));
        flags.putAll(more);
        return AgentConfig.resolve(Optional.empty(), Map.of("MMS_IDENTITY", "node1"), flags);
    }

    void ticker() throws Exception {
        Path machineDir = Files.createDirectories(dir.resolve("machines/ticker"));
        Files.writeString(machineDir.resolve("machine.yaml"), AgentTest.TICKER);
    }

    HttpResponse<String> get(Agent agent, String path) throws IOException, InterruptedException {
        InetSocketAddress at = agent.httpAddress().orElseThrow();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    PrometheusText metrics(Agent agent) throws Exception {
        HttpResponse<String> response = get(agent, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    static void putSpec(AgentConfig config) throws Exception {
        try (KeyValueStore cli = KeyValueStores.open(config.store().url(), config.store().connect())) {
            cli.createBucket(BucketConfig.of("CONFIG")).put("spec", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void metricsFollowTheMachinesAsTheyTransition() throws Exception {
        ticker();
        AgentConfig config = config(Map.of());
        try (Agent agent = Agent.start(config)) {
            assertThat(agent.httpAddress()).hasValueSatisfying(a -> {
                assertThat(a.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
                assertThat(a.getPort()).isPositive();
            });
            PrometheusText before = metrics(agent);
            assertThat(before.value("mms_machine_state", Map.of("machine", "ticker"))).contains(1.0);
            assertThat(before.samples("mms_machine_state")).singleElement()
                    .satisfies(s -> assertThat(s.labels()).containsEntry("state", "idle"));
            assertThat(before.value("mms_machine_transitions_total", Map.of("machine", "ticker"))).isEmpty();

            putSpec(config);
            await().atMost(WAIT).until(() -> agent.machine("ticker").orElseThrow().state().equals("ticked"));

            PrometheusText after = metrics(agent);
            assertThat(after.value("mms_machine_transitions_total", Map.of("machine", "ticker"))).contains(1.0);
            assertThat(after.value("mms_machine_state", Map.of("machine", "ticker", "state", "ticked"))).contains(1.0);
            assertThat(after.value("mms_machine_info", Map.of("machine", "ticker", "version", "2.0.0"))).contains(1.0);
            assertThat(after.value("mms_watcher_runs_total",
                    Map.of("machine", "ticker", "watcher", "config", "type", "kv", "outcome", "changed"))).contains(1.0);
            assertThat(after.value("mms_store_connected", Map.of())).contains(1.0);
            assertThat(after.value("mms_agent_info", Map.of("version", Agent.version()))).contains(1.0);
            assertThat(after.families()).contains("jvm_memory_used_bytes", "jvm_threads_current", "process_cpu_seconds_total");
        }
    }

    @Test
    void healthzAnswersWhileTheAgentRunsAndStatusServesTheNodesRecord() throws Exception {
        try (Agent agent = Agent.start(config(Map.of()))) {
            HttpResponse<String> health = get(agent, "/healthz");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            HttpResponse<String> status = get(agent, "/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
            NodeStatus record = NodeStatus.parse(status.body().getBytes(StandardCharsets.UTF_8));
            assertThat(record.identity()).isEqualTo(agent.status().identity());
            assertThat(get(agent, "/nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void closingTheAgentClosesTheListener() throws Exception {
        Agent agent = Agent.start(config(Map.of()));
        assertThat(get(agent, "/healthz").statusCode()).isEqualTo(200);

        agent.close();

        assertThatThrownBy(() -> get(agent, "/healthz")).isInstanceOf(ConnectException.class);
    }

    @Test
    void anAddressThatCannotBeBoundIsRefusedAtStartBeforeAnyMachineRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();

            assertThatThrownBy(() -> Agent.start(config(Map.of(Setting.HTTP_LISTEN, address))))
                    .isInstanceOf(AgentException.class)
                    .hasMessageStartingWith("cannot listen on http_listen " + address + ": ");
        }
        assertThat(dir.resolve("machines")).as("the host never started, so never created its directory").doesNotExist();
    }

    @Test
    void withoutHttpListenNothingListens() throws Exception {
        try (Agent agent = Agent.start(config(Map.of(Setting.HTTP_LISTEN, "")))) {
            assertThat(agent.httpAddress()).isEmpty();
        }
    }

    @Test
    void theStoreGaugeFollowsTheNatsConnection() throws Exception {
        NatsServerExtension.requireBinary();
        ticker();
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"), List.of())) {
            AgentConfig config = config(Map.of(Setting.STORE, nats.url()));
            try (Agent agent = Agent.start(config)) {
                putSpec(config);
                await().atMost(WAIT).until(() -> agent.machine("ticker").orElseThrow().state().equals("ticked"));
                assertThat(metrics(agent).value("mms_store_connected", Map.of())).contains(1.0);
                assertThat(metrics(agent).value("mms_events_dropped_total", Map.of())).contains(0.0);

                nats.kill();
                await().atMost(WAIT).until(() -> metrics(agent).value("mms_store_connected", Map.of()).orElseThrow() == 0);

                nats.restart();
                await().atMost(WAIT).until(() -> metrics(agent).value("mms_store_connected", Map.of()).orElseThrow() == 1);
            }
        }
    }
}

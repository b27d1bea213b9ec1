package mms.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.metrics.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent running the original's monitoring machines: metric values on its {@code /metrics} and
 * in the Prometheus text files, a {@code choria_status} check over its own health.
 */
class AgentMonitoringTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void servesMetricWatcherValuesAndWritesTheScoutTextFiles() throws Exception {
        Path machineDir = Files.createDirectories(dir.resolve("machines/monitoring"));
        Path script = Files.writeString(machineDir.resolve("load.sh"),
                "#!/bin/sh\necho '{\"labels\":{\"dc\":\"lab\"},\"metrics\":{\"load1\":0.5}}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(machineDir.resolve("machine.yaml"), """
                name: monitoring
                version: 1.0.0
                initial_state: UNKNOWN
                watchers:
                  - name: load
                    type: metric
                    properties: {command: ./load.sh, interval: 1s}
                  - name: check_choria
                    type: nagios
                    interval: 1s
                    properties: {builtin: choria_status, last_message: 1h}
                transitions:
                  - {name: OK, from: [UNKNOWN, OK, CRITICAL], destination: OK}
                  - {name: CRITICAL, from: [UNKNOWN, OK, CRITICAL], destination: CRITICAL}
                """);
        Path textfiles = Files.createDirectories(dir.resolve("textfiles"));
        AgentConfig config = AgentConfig.resolve(Optional.empty(), Map.of("MMS_IDENTITY", "node1"), Map.of(
                Setting.MACHINES, dir.resolve("machines").toString(), Setting.STATE_DIR, dir.resolve("state").toString(),
                Setting.HTTP_LISTEN, "127.0.0.1:0", Setting.PROMETHEUS_TEXTFILE_DIRECTORY, textfiles.toString()));

        try (Agent agent = Agent.start(config); HttpClient client = HttpClient.newHttpClient()) {
            URI metrics = URI.create("http://127.0.0.1:" + agent.httpAddress().orElseThrow().getPort() + "/metrics");
            await().atMost(WAIT).until(() -> PrometheusText.parse(client.send(HttpRequest.newBuilder(metrics).build(),
                            HttpResponse.BodyHandlers.ofString()).body())
                    .value("choria_machine_metric_watcher_load_load1", Map.of("dc", "lab", "format", "choria"))
                    .isPresent());
            await().atMost(WAIT).until(() -> agent.machine("monitoring").orElseThrow().state().equals("OK"));

            assertThat(Files.readString(textfiles.resolve("choria_machine_metrics_watcher_status.prom")))
                    .contains("choria_machine_metric_watcher_load_load1{dc=\"lab\",format=\"choria\"} 0.500000");
            assertThat(Files.readString(textfiles.resolve("choria_machine_nagios_watcher_status.prom")))
                    .contains("choria_machine_nagios_watcher_status{name=\"monitoring\",status=\"OK\"} 0");
        }
    }
}

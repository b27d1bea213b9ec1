package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mms.json.Json;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent holds one store session: its kv watchers, its governed runs and their lifecycle events
 * all use the one NATS connection. Counted from the server's side, through its monitoring endpoint,
 * while real agents (child JVMs running {@code mms agent}) watch a key and run governed commands.
 */
class AgentConnectionsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension(List.of("-m", "-1"));

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> agents = new ArrayList<>();

    @Test
    void eachAgentOpensExactlyOneConnectionWithGovernorsInUse() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("CONFIG");
        String governor = NatsServerExtension.uniqueBucket("deploys");
        assertThat(CliRun.run("kv", "add", "--store", NATS.url(), bucket).exitCode()).isZero();
        assertThat(CliRun.run("governor", "add", governor, "1", "1m", "--store", NATS.url()).exitCode()).isZero();
        await("the CLI's connections to close").atMost(WAIT).until(() -> connections().size() == 0);
        try {
            Path first = startAgent("node1", bucket, governor);
            await("node1 to run governed").atMost(WAIT).until(() -> Files.exists(first));
            assertThat(connections()).as("connections of one agent").hasSize(1);

            Path second = startAgent("node2", bucket, governor);
            await("node2 to run governed").atMost(WAIT).until(() -> Files.exists(second));
            List<JsonNode> both = connections();
            assertThat(both).as("connections of two agents").hasSize(2);
            assertThat(both).extracting(c -> c.path("name").asText()).containsOnly("mms");
        } finally {
            stopAgents();
        }
    }

    /** Starts {@code mms agent} with one machine that watches a key and runs a governed command. */
    private Path startAgent(String identity, String bucket, String governor) throws Exception {
        Path machine = dir.resolve(identity).resolve("machines").resolve("governed");
        Files.createDirectories(machine);
        Files.writeString(machine.resolve("machine.yaml"), """
                name: governed
                version: 1.0.0
                initial_state: working
                transitions:
                  - {name: configured, from: [working], destination: working}
                watchers:
                  - name: spec
                    type: kv
                    interval: 1m
                    success_transition: configured
                    properties: {bucket: %s, key: spec, mode: watch}
                  - name: work
                    type: exec
                    interval: 1s
                    properties: {command: ./work.sh, governor: %s, governor_timeout: 1m}
                """.formatted(bucket, governor));
        Path script = Files.writeString(machine.resolve("work.sh"), "#!/bin/sh\ntouch governed-run\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "agent", "--machines", machine.getParent().toString(), "--identity", identity,
                "--state-dir", dir.resolve(identity).resolve("state").toString(), "--store", NATS.url())
                .redirectErrorStream(true).redirectOutput(dir.resolve(identity + ".log").toFile());
        agent.environment().keySet().removeIf(name -> name.startsWith("MMS_"));
        agents.add(agent.start());
        return machine.resolve("governed-run");
    }

    private void stopAgents() throws InterruptedException {
        for (Process agent : agents) {
            agent.destroy();
        }
        for (Process agent : agents) {
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The client connections the server has now, from {@code /connz}. */
    private List<JsonNode> connections() throws Exception {
        String monitor = NATS.server().monitorUrl().orElseThrow(() -> new AssertionError("no monitoring port"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(monitor + "/connz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> connections = new ArrayList<>();
        Json.mapper().readTree(response.body()).path("connections").forEach(connections::add);
        return connections;
    }
}

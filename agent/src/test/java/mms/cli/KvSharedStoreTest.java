package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mms.config.AgentConfig;
import mms.event.EventSink;
import mms.host.Host;
import mms.host.HostOptions;
import mms.json.Json;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.runtime.Machine;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and an agent on one host share the store: a value written by {@code mms kv put} in
 * another JVM reaches a hosted machine's data through its kv watcher.
 */
class KvSharedStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @TempDir
    Path dir;

    @Test
    void aPutFromTheCliInAnotherProcessReachesAWatchingMachineOnTheSqliteStore() throws Exception {
        String url = "sqlite:" + dir.resolve("state").resolve("kv.db");
        assertThat(KvCli.run("kv", "add", "--store", url, "CONFIG").exitCode()).isZero();
        runAgentAndPutFromChildJvm(url);
    }

    @Test
    void theSameWorksOnNats() throws Exception {
        assertThat(KvCli.run("kv", "add", "--store", NATS.url(), "CONFIG").exitCode()).isZero();
        runAgentAndPutFromChildJvm(NATS.url());
        KvCli.run("kv", "rm", "--store", NATS.url(), "-f", "CONFIG");
    }

    private void runAgentAndPutFromChildJvm(String url) throws Exception {
        Path machines = dir.resolve("machines");
        Files.createDirectories(machines.resolve("cfg"));
        Files.writeString(machines.resolve("cfg").resolve("machine.yaml"), """
                name: cfg
                version: 1.0.0
                initial_state: waiting
                transitions:
                  - {name: configured, from: [waiting, configured], destination: configured}
                watchers:
                  - name: spec
                    type: kv
                    success_transition: configured
                    properties:
                      bucket: CONFIG
                      key: spec
                      mode: watch
                """);
        KeyValueStore store = KeyValueStores.openLazily(url, ConnectOptions.NONE);
        EventSink events = e -> { };
        try (Host host = new Host(new HostOptions(machines, "node1", Json::object, TimeSource.system(), new Random(1),
                events, WatcherRegistry.discover(), List.of(), WatcherServices.NONE.withStore(store), Duration.ofSeconds(10)))) {
            host.start();
            await().atMost(WAIT).until(() -> host.machine("cfg").flatMap(Machine::startTime).isPresent());

            Process put = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "kv", "put", "--store", url, "CONFIG", "spec", "{\"role\": \"web\"}")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            assertThat(put.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            assertThat(put.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();

            JsonNode expected = Json.mapper().readTree("{\"role\": \"web\"}");
            await().atMost(WAIT).until(() -> host.machine("cfg").map(m -> m.data().path("CONFIG_spec"))
                    .map(expected::equals).orElse(false));
            await().atMost(WAIT).until(() -> host.machine("cfg").map(Machine::state).orElse(""), "configured"::equals);
        } finally {
            store.close();
        }
    }

    @Test
    void theAgentDefaultStoreLivesInTheStateDirectoryAndAuthSettingsAreChecked() throws Exception {
        AgentConfig config = AgentConfig.resolve(Optional.empty(), java.util.Map.of("MMS_STATE_DIR", dir.toString()), java.util.Map.of());
        assertThat(config.store().url()).isEqualTo("sqlite:" + dir.resolve("kv.db"));
        assertThat(config.stateDir()).isEqualTo(dir);

        AgentConfig nats = AgentConfig.resolve(Optional.empty(), java.util.Map.of("MMS_STORE", "nats://127.0.0.1:4222",
                "MMS_STORE_USER", "agent", "MMS_STORE_PASSWORD", "s3cret", "MMS_STORE_CREDENTIALS", "/etc/mms/agent.creds"),
                java.util.Map.of());
        assertThat(nats.store().connect().user()).contains("agent");
        assertThat(nats.store().connect().credentials()).contains(Path.of("/etc/mms/agent.creds"));
        assertThat(nats.store().toString()).doesNotContain("s3cret");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(),
                java.util.Map.of("MMS_STORE_PASSWORD", "x"), java.util.Map.of()))
                .hasMessage("environment variable MMS_STORE_PASSWORD: store_password needs store_user");
    }
}

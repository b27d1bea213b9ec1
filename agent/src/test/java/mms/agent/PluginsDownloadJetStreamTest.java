package mms.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.host.PluginsManagerMachine;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.runtime.Machine;
import mms.spec.PluginsVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock Choria fleet's plugins flow on a real nats-server: the operator puts the envelope of the
 * plugins test vector (signed outside the JDK, the original's way) into the plugins bucket, and an
 * agent with nothing but {@code plugins_download} and the plugins settings deploys the archive
 * from an HTTP server on 127.0.0.1 through the built-in plugins manager, the generated manager
 * and its archive watcher, then runs the plugin.
 */
class PluginsDownloadJetStreamTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    HttpServer archives;
    final AtomicInteger downloads = new AtomicInteger();
    KeyValueStore store;
    String bucketName;
    Agent agent;

    @BeforeEach
    void serveTheArchive() throws Exception {
        byte[] archive = PluginsVector.bytes("hello-1.0.0.tar.gz");
        archives = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        archives.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        archives.createContext("/hello-1.0.0.tar.gz", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archive);
            }
        });
        archives.start();
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        bucketName = NatsServerExtension.uniqueBucket("CHORIA_PLUGINS");
    }

    @AfterEach
    void stopEverything() {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            store.close();
            archives.stop(0);
        }
    }

    @Test
    void theBuiltInPluginsManagerDeploysTheSignedVectorAndRunsThePlugin() throws Exception {
        KeyValueBucket bucket = store.createBucket(BucketConfig.of(bucketName));
        bucket.put("plugins", PluginsVector.envelope().getBytes(StandardCharsets.UTF_8));
        Path facts = Files.writeString(dir.resolve("facts.json"),
                "{\"" + PluginsVector.PORT_FACT + "\": " + archives.getAddress().getPort() + "}");
        Path machines = dir.resolve("machines");
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.IDENTITY, "node1.example.net");
        flags.put(Setting.MACHINES, machines.toString());
        flags.put(Setting.STATE_DIR, dir.resolve("state").toString());
        flags.put(Setting.STORE, NATS.url());
        flags.put(Setting.FACTS, facts.toString());
        flags.put(Setting.PLUGINS_DOWNLOAD, "true");
        flags.put(Setting.PLUGINS_BUCKET, bucketName);
        flags.put(Setting.PLUGINS_SIGNING_KEY, PluginsVector.PUBLIC);

        agent = Agent.start(AgentConfig.resolve(Optional.empty(), Map.of(), flags));

        await().atMost(WAIT).until(() -> agent.machine("hello").map(Machine::state).filter("ready"::equals).isPresent());
        assertThat(agent.machine(PluginsManagerMachine.NAME).map(Machine::state)).contains("MANAGE");
        assertThat(Files.readString(machines.resolve("mm_hello/machine.yaml")))
                .contains("target: \"" + machines.toAbsolutePath() + "\"");
        assertThat(machines.resolve("hello/SHA256SUMS")).exists();
        assertThat(downloads.get()).isEqualTo(1);
        assertThat(agent.machines()).extracting(Machine::name)
                .containsAll(List.of(PluginsManagerMachine.NAME, "mm_hello", "hello"));
    }
}

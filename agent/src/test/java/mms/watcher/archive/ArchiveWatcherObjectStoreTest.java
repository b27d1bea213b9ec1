package mms.watcher.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.archive.source.ArchiveSources;
import mms.event.MachineEvent;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.time.ManualTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs a real machine whose archive watcher downloads {@code nats-os://} sources from a real
 * nats-server through the key-value store the host offers, as the agent does with
 * {@code --store nats://...}.
 */
class ArchiveWatcherObjectStoreTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    private static final String MACHINE = """
            name: deployer
            version: 1.0.0
            initial_state: missing
            transitions:
              - {name: installed, from: [missing, failed], destination: present}
              - {name: broke, from: [missing, present], destination: failed}
            watchers:
              - name: app
                type: archive
                interval: 10s
                success_transition: installed
                fail_transition: broke
                properties:
                  source: '{{ lookup "facts.source" "" }}'
                  checksum: '{{ lookup "facts.checksum" "" }}'
                  verify: SHA256SUMS
                  verify_checksum: '{{ lookup "facts.verify" "" }}'
                  creates: app
                  target: ../store
            """;

    @TempDir
    Path dir;
    final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();
    final AtomicReference<ObjectNode> facts = new AtomicReference<>(Json.object());
    final String bucket = NatsServerExtension.uniqueBucket("machines");
    KeyValueStore store;
    Machine machine;

    @AfterEach
    void stop() {
        if (machine != null) {
            machine.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    MachineBundle upload(String version, String content) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + version).resolve("app"));
        Files.writeString(src.resolve("machine.yaml"), "name: app\nversion: " + version + "\n");
        Files.createDirectories(src.resolve("bin"));
        Files.writeString(src.resolve("bin/run.sh"), "#!/bin/sh\necho " + content + "\n");
        MachineBundle bundle = Bundler.bundle(src, dir.resolve("out-" + version), "nats-os://" + bucket + "/fleet");
        try (InputStream in = Files.newInputStream(bundle.archive())) {
            store.objects().orElseThrow().put(bucket, "fleet/" + bundle.archive().getFileName(), in);
        }
        return bundle;
    }

    void use(String source, String checksum, String verify) {
        ObjectNode f = Json.object();
        f.put("source", source);
        f.put("checksum", checksum);
        f.put("verify", verify);
        facts.set(f);
    }

    void load(KeyValueStore hostStore) throws Exception {
        Path machineDir = Files.createDirectories(dir.resolve("deployer"));
        Files.writeString(machineDir.resolve("machine.yaml"), MACHINE);
        MachineEnvironment env = new MachineEnvironment("node1", facts::get, time, new Random(1), events::add,
                name -> Optional.empty(), n -> { }, new MachineEnvironment.ServiceLookup() {
                    @Override
                    public <T> Optional<T> find(Class<T> type) {
                        return type == KeyValueStore.class ? Optional.of(type.cast(hostStore)) : Optional.empty();
                    }
                });
        machine = new MachineLoader(WatcherRegistry.discover()).load(ManifestParser.read(machineDir), machineDir, true, env);
        machine.start();
    }

    List<String> outcomes() {
        return events.stream().filter(e -> e instanceof WatcherStateNotification)
                .map(e -> ((WatcherStateNotification) e).data().get("previous_outcome").asText()).toList();
    }

    void settle(String... expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(outcomes()).containsExactly(expected);
            assertThat(time.waiters()).isEqualTo(1);
        });
    }

    void nextInterval() {
        time.advance(Duration.ofSeconds(61));
    }

    String installed() throws Exception {
        return Files.readString(dir.resolve("store/app/bin/run.sh"));
    }

    @Test
    void installsAndUpgradesFromAnObjectStoreBucket() throws Exception {
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        MachineBundle v1 = upload("1.0.0", "one");
        MachineBundle v2 = upload("2.0.0", "two");
        assertThat(v1.source()).isEqualTo("nats-os://" + bucket + "/fleet/app-1.0.0.tar.gz");
        use(v1.source(), v1.checksum(), v1.verifyChecksum());
        load(store);

        settle("downloaded", "verified");
        assertThat(installed()).contains("echo one");
        assertThat(machine.state()).isEqualTo("present");

        use(v2.source(), v2.checksum(), v2.verifyChecksum());
        nextInterval();
        settle("downloaded", "verified", "downloaded");
        assertThat(installed()).contains("echo two");

        // a missing object: error, failure transition, one more failing check; the installed version stays
        use("nats-os://" + bucket + "/fleet/app-9.0.0.tar.gz", v2.checksum(), v1.verifyChecksum());
        nextInterval();
        settle("downloaded", "verified", "downloaded", "error", "error");
        assertThat(machine.state()).isEqualTo("failed");
        assertThat(installed()).contains("echo two");
    }

    @Test
    void anSqliteStoreGivesAClearError() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("mms.machine");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
            use("nats-os://" + bucket + "/fleet/app-1.0.0.tar.gz", "a".repeat(64), "b".repeat(64));
            load(store);

            settle("error", "error");
            assertThat(machine.state()).isEqualTo("failed");
            assertThat(appender.list).map(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("property 'source': " + ArchiveSources.NEEDS_NATS_STORE));
        } finally {
            log.detachAppender(appender);
        }
    }
}

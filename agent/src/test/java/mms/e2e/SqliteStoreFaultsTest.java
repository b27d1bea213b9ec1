package mms.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.archive.bundle.MachineBundle;
import mms.cli.Main;
import mms.files.SmallDisk;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.LogCapture;
import mms.kv.testing.StoreDamage;
import mms.spec.Trust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An agent restarted on a damaged SQLite store (a stray write over the header or the pages, a cut
 * file): it runs the machines it has, says what is wrong once per watcher rather than once per
 * retry, never purges, leaves the damaged file as it found it, and applies the next specification
 * once the file is repaired, without a restart. The specifications are put with {@code mms kv put}.
 */
class SqliteStoreFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BUCKET = "MACHINES";

    @TempDir
    Path dir;
    Path db;
    String url;
    Operator operator;
    KeyValueStore store;
    Agent agent;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("state").resolve("kv.db");
        url = "sqlite:" + db;
        operator = new Operator(dir.resolve("operator"));
        try (KeyValueStore cli = KeyValueStores.open(url, ConnectOptions.NONE)) {
            cli.createBucket(BucketConfig.of(BUCKET).withHistory(5));
        }
    }

    @AfterEach
    void tearDown() {
        stopAgent();
        operator.close();
    }

    /** Starts an agent as {@code mms agent} does: on a store opened lazily, retried while it fails. */
    private void startAgent() throws Exception {
        startAgent(url);
    }

    private void startAgent(String url) throws Exception {
        store = KeyValueStores.openLazily(url, ConnectOptions.NONE);
        agent = Agent.start(dir.resolve("machines"), store, BUCKET, new Agent.Options("watch", Duration.ofSeconds(1),
                Trust.of(Optional.of(operator.key().publicKey()), false), e -> { }));
    }

    private void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private void putWithTheCli(MachineBundle bundle) {
        putWithTheCli(url, bundle);
    }

    private void putWithTheCli(String url, MachineBundle bundle) {
        assertThat(Main.run("kv", "put", "--store", url, BUCKET, Agent.KEY, operator.signed(Operator.entry(bundle))))
                .isZero();
    }

    private void awaitRunning(String name, String version) {
        await().atMost(WAIT).until(() -> agent.running(name, version).isPresent());
    }

    private record FileState(byte[] bytes, FileTime modified) {
        static FileState of(Path file) throws Exception {
            return new FileState(Files.readAllBytes(file), Files.getLastModifiedTime(file));
        }
    }

    @ParameterizedTest
    // a header that fails the open and pages that fail the reads; a cut file fails the open as the header does
    @EnumSource(names = {"GARBAGE_OVER_THE_HEADER", "GARBAGE_OVER_THE_PAGES"})
    void anAgentOnADamagedStoreKeepsItsMachinesAndTheFileAndRecoversOnceTheFileIsRepaired(StoreDamage damage)
            throws Exception {
        startAgent();
        putWithTheCli(operator.bundle("app", "1.0.0"));
        awaitRunning("app", "1.0.0");
        stopAgent();
        byte[] good = Files.readAllBytes(db);
        Map<String, String> installed = MachinesSnapshot.of(dir.resolve("machines"));
        damage.apply(db);
        FileState damaged = FileState.of(db);

        try (LogCapture log = LogCapture.of("mms.machine", Level.DEBUG)) {
            startAgent();
            awaitRunning("app", "1.0.0");
            // three failed reads of the specification: the first said at ERROR, the retries at DEBUG
            await().atMost(WAIT).until(() -> log.messagesAt(Level.DEBUG).stream()
                    .filter(m -> m.startsWith(Agent.MANAGER + "#") && m.contains("still failing")).count() >= 3);

            List<String> errors = log.messagesAt(Level.ERROR);
            assertThat(errors).filteredOn(m -> m.contains(db.toString())).isNotEmpty()
                    .allSatisfy(m -> assertThat(m).contains(damage.reason()));
            assertThat(errors).as("one line per watcher for the whole outage")
                    .extracting(m -> m.substring(0, m.indexOf(':'))).doesNotHaveDuplicates();
            FileState after = FileState.of(db);
            assertThat(after.bytes()).as("the damaged file, byte for byte").isEqualTo(damaged.bytes());
            assertThat(after.modified()).isEqualTo(damaged.modified());
            assertThat(MachinesSnapshot.of(dir.resolve("machines"))).as("nothing purged or rewritten")
                    .containsAllEntriesOf(installed);

            Files.write(db, good); // the operator restores the backup
            putWithTheCli(operator.bundle("app", "2.0.0"));

            awaitRunning("app", "2.0.0");
        }
    }

    /**
     * An agent restarted on a store whose file system is read-only (root cannot write either; a
     * mount cannot turn read-only while the agent holds the file open for writing): {@code mms kv
     * put} fails instead of hanging, the agent runs the machines it has, and the next specification
     * applies once the file system is writable again, without a restart.
     */
    @Test
    void anAgentOnAReadOnlyStoreKeepsItsMachinesAndAppliesTheNextSpecificationOnceWritable() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(Files.createDirectories(dir.resolve("readonly-state")), "16m")) {
            String readOnlyUrl = "sqlite:" + disk.root().resolve("kv.db");
            try (KeyValueStore cli = KeyValueStores.open(readOnlyUrl, ConnectOptions.NONE)) {
                cli.createBucket(BucketConfig.of(BUCKET).withHistory(5));
            }
            startAgent(readOnlyUrl);
            putWithTheCli(readOnlyUrl, operator.bundle("app", "1.0.0"));
            awaitRunning("app", "1.0.0");
            stopAgent();
            Map<String, String> installed = MachinesSnapshot.of(dir.resolve("machines"));

            disk.readOnly();
            try {
                String v2 = operator.signed(Operator.entry(operator.bundle("app", "2.0.0")));
                assertThat(Main.run("kv", "put", "--store", readOnlyUrl, BUCKET, Agent.KEY, v2))
                        .as("a put on a read-only store fails").isNotZero();
                startAgent(readOnlyUrl);
                awaitRunning("app", "1.0.0");
                await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> agent.running("app", "1.0.0").isPresent());
                assertThat(MachinesSnapshot.of(dir.resolve("machines"))).as("nothing purged or rewritten")
                        .containsAllEntriesOf(installed);
            } finally {
                disk.writable();
            }

            putWithTheCli(readOnlyUrl, operator.bundle("app", "2.0.0"));
            awaitRunning("app", "2.0.0");
            stopAgent();
        }
    }
}

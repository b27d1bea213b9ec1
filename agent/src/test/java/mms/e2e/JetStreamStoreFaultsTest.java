package mms.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.archive.bundle.MachineBundle;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.StoreState;
import mms.kv.testing.LogCapture;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import mms.runtime.Machine;
import mms.spec.Trust;
import mms.watcher.machines.MachinesState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent whose NATS store loses the specification — the key purged, the bucket recreated empty,
 * the server restarted with its store wiped, or the server down when the agent starts — keeps the
 * machines it runs (never purges on a missing specification) and applies the next specification
 * put, without a restart. Each test has its own server, which it kills and wipes.
 */
class JetStreamStoreFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BUCKET = "MACHINES";

    @TempDir
    Path dir;
    NatsServer server;
    Operator operator;
    KeyValueStore store;
    Agent agent;

    @BeforeEach
    void setUp() throws Exception {
        NatsServerExtension.requireBinary();
        server = NatsServer.start(dir.resolve("nats"), List.of());
        operator = new Operator(dir.resolve("operator"));
        createBucket();
    }

    @AfterEach
    void tearDown() {
        try {
            stopAgent();
            operator.close();
        } finally {
            server.close();
        }
    }

    private void startAgent() throws Exception {
        store = KeyValueStores.openLazily(server.url(), ConnectOptions.NONE);
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

    /** What the operator does, over a connection of its own as {@code mms kv} would. */
    private interface OperatorAction {
        void run(KeyValueStore store) throws Exception;
    }

    private void asOperator(OperatorAction action) throws Exception {
        try (KeyValueStore own = KeyValueStores.open(server.url(), ConnectOptions.NONE)) {
            action.run(own);
        }
    }

    private void createBucket() throws Exception {
        asOperator(s -> s.createBucket(BucketConfig.of(BUCKET).withHistory(5)));
    }

    private void put(MachineBundle bundle) throws Exception {
        byte[] specification = operator.signed(Operator.entry(bundle)).getBytes(StandardCharsets.UTF_8);
        asOperator(s -> s.bucket(BUCKET).put(Agent.KEY, specification));
    }

    private Machine awaitRunning(String version) {
        await().atMost(WAIT).until(() -> agent.running("app", version).isPresent());
        return agent.running("app", version).orElseThrow();
    }

    /**
     * Does {@code fault}, waits for the machines watcher to refuse to act on the missing
     * specification, then checks nothing moved. Refusals are counted before the fault: the agent
     * can refuse before the operator's call returns.
     */
    private void awaitRefusalKeepingTheMachines(OperatorAction fault, Map<String, String> installed, Machine running)
            throws Exception {
        long refusals = agent.count(Agent.machinesOutcome(MachinesState.ERROR));
        asOperator(fault);
        await().atMost(WAIT).until(() -> agent.count(Agent.machinesOutcome(MachinesState.ERROR)) > refusals);
        assertThat(MachinesSnapshot.of(dir.resolve("machines"))).as("nothing purged or rewritten")
                .containsAllEntriesOf(installed);
        assertThat(running.isStopped()).isFalse();
    }

    @Test
    void aPurgedKeyARecreatedBucketAndAWipedServerKeepTheMachinesAndTheNextSpecificationIsApplied() throws Exception {
        startAgent();
        put(operator.bundle("app", "1.0.0"));
        Machine running = awaitRunning("1.0.0");
        Map<String, String> installed = MachinesSnapshot.of(dir.resolve("machines"));

        awaitRefusalKeepingTheMachines(s -> s.bucket(BUCKET).purge(Agent.KEY), installed, running);
        put(operator.bundle("app", "2.0.0"));
        running = awaitRunning("2.0.0");

        installed = MachinesSnapshot.of(dir.resolve("machines"));
        awaitRefusalKeepingTheMachines(s -> {
            s.removeBucket(BUCKET);
            s.createBucket(BucketConfig.of(BUCKET).withHistory(5));
        }, installed, running);
        put(operator.bundle("app", "3.0.0"));
        running = awaitRunning("3.0.0");

        installed = MachinesSnapshot.of(dir.resolve("machines"));
        try (LogCapture log = LogCapture.of("mms.machine", Level.ERROR)) {
            server.kill();
            NatsServer.deleteTree(server.dir().resolve("jetstream")); // restarted empty: the bucket is gone
            server.restart();
            await().atMost(WAIT).until(() -> store.state() == StoreState.CONNECTED && log.messagesAt(Level.ERROR).stream()
                    .anyMatch(m -> m.startsWith(Agent.MANAGER + "#desired_state") && m.contains(BUCKET)));
        }
        assertThat(MachinesSnapshot.of(dir.resolve("machines"))).containsAllEntriesOf(installed);
        createBucket();
        put(operator.bundle("app", "4.0.0"));
        Machine last = awaitRunning("4.0.0");
        assertThat(running.isStopped()).isTrue();
        assertThat(last.isStopped()).isFalse();
    }

    @Test
    void anAgentStartedWhileTheServerIsDownRunsItsMachinesAndAppliesTheNextSpecificationOnceItIsUp() throws Exception {
        startAgent();
        put(operator.bundle("app", "1.0.0"));
        awaitRunning("1.0.0");
        stopAgent();
        Map<String, String> installed = MachinesSnapshot.of(dir.resolve("machines"));
        server.kill();

        try (LogCapture log = LogCapture.of("mms.machine", Level.ERROR)) {
            startAgent();
            awaitRunning("1.0.0");
            await().atMost(WAIT).until(() -> log.messagesAt(Level.ERROR).stream().anyMatch(m -> m.startsWith(Agent.MANAGER + "#")));
        }
        assertThat(store.state()).isEqualTo(StoreState.NOT_OPEN);
        assertThat(MachinesSnapshot.of(dir.resolve("machines"))).containsAllEntriesOf(installed);

        server.restart();
        put(operator.bundle("app", "2.0.0"));
        awaitRunning("2.0.0");
    }
}

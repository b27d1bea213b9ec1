package mms.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import mms.agent.Agent;
import mms.archive.bundle.MachineBundle;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.e2e.Operator;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.status.NodeStatus;
import mms.watcher.RolloutReport;
import mms.watcher.RolloutState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts in waves on a real nats-server: four agents ({@link Agent#start}, each its own identity,
 * machines and state directory) on one store, an operator who signs specifications and serves
 * archives, and {@code mms fleet status --wait} as the operator runs it after a publication.
 */
class RolloutJetStreamTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<String> NODES = List.of("node1", "node2", "node3", "node4");
    /** One node per wave with four nodes, a second between waves, no failure tolerated. */
    static final String PLAN = "{\"waves\":[\"1\",\"2\",\"3\",\"100%\"],\"pause\":\"1s\",\"max_failed\":\"0\","
            + "\"auto_revert\":true}";

    @TempDir
    Path dir;
    Operator operator;
    KeyValueStore store;
    String bucketName;
    KeyValueBucket bucket;
    final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        operator = new Operator(dir.resolve("operator"));
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        bucketName = NatsServerExtension.uniqueBucket("MACHINES");
        bucket = store.createBucket(BucketConfig.of(bucketName).withHistory(5));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            agents.forEach(Agent::close);
            if (store.bucketNames().contains(NodeStatus.BUCKET)) {
                store.removeBucket(NodeStatus.BUCKET);
            }
        } finally {
            store.close();
            operator.close();
        }
    }

    private void startAgent(String identity) throws Exception {
        Path node = dir.resolve(identity);
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.IDENTITY, identity);
        flags.put(Setting.MACHINES, node.resolve("machines").toString());
        flags.put(Setting.STATE_DIR, node.resolve("state").toString());
        flags.put(Setting.STORE, NATS.url());
        flags.put(Setting.MANAGE, "true");
        flags.put(Setting.MANAGE_BUCKET, bucketName);
        flags.put(Setting.SIGNING_KEY, operator.key().publicKey().hex());
        flags.put(Setting.STATUS_INTERVAL, "1s");
        agents.add(Agent.start(AgentConfig.resolve(Optional.empty(), Map.of(), flags)));
    }

    private void publish(ObjectNode... entries) throws Exception {
        bucket.put("machines", operator.signed(entries).getBytes(UTF_8));
    }

    private CliRun fleetStatusWait() {
        return CliRun.run("fleet", "status", "--store", NATS.url(), "--manage-bucket", bucketName, "--wait",
                "--timeout", "2m");
    }

    /** The entry of {@code bundle} with a health check ({@code running} within {@code within}) and the plan. */
    private static ObjectNode supervised(MachineBundle bundle, String within) throws Exception {
        ObjectNode entry = Operator.entry(bundle);
        entry.set("health", Json.mapper().readTree("{\"states\":[\"running\"],\"within\":\"" + within + "\"}"));
        entry.set("rollout", Json.mapper().readTree(PLAN));
        return entry;
    }

    /** A version that never becomes healthy: its probe fails, so it stays in {@code starting}. */
    private static String broken(String version) {
        return Operator.machineYaml("app", version).replace("/bin/true", "/bin/false");
    }

    private Optional<NodeStatus.MachineStatus> app(String identity) throws Exception {
        return store.bucket(NodeStatus.BUCKET).get(identity)
                .map(e -> {
                    try {
                        return NodeStatus.parse(e.value());
                    } catch (java.io.IOException ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .flatMap(r -> r.machines().stream().filter(m -> m.name().equals("app")).findFirst());
    }

    private Optional<RolloutReport> rollout(String identity) throws Exception {
        return app(identity).flatMap(NodeStatus.MachineStatus::rollout);
    }

    /** A node's remembered rollout of {@code app}, with the times it started installing and became healthy. */
    private JsonNode track(String identity) throws Exception {
        Path file = dir.resolve(identity).resolve("machines").resolve(Agent.MANAGER).resolve("rollout_state.json");
        return Json.mapper().readTree(file.toFile()).path("entries").path("app");
    }

    @Test
    void aGoodVersionRollsThroughItsWavesABadOneHaltsAfterTheCanaryAndAFixedOneResumes() throws Exception {
        for (String node : NODES) {
            startAgent(node);
        }
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        publish(Operator.entry(v1)); // no plan: every node at once, as the original
        CliRun first = fleetStatusWait();
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();

        // a good version: one node per wave, each wave after the previous one was healthy and a pause
        MachineBundle v2 = operator.bundle("app", "2.0.0");
        publish(supervised(v2, "20s"));
        CliRun good = fleetStatusWait();

        assertThat(good.exitCode()).as(good.out() + good.err()).isZero();
        assertThat(good.out()).contains("app: 2.0.0 on 4 nodes", "Rollouts:", "app " + v2.checksum().substring(0, 12)
                + ": done, 4 of 4 nodes healthy, 0 failed (max_failed 0)");
        // the progress follows the waves (each lasts at least its pause of 1s, views are 250ms apart)
        assertThat(good.out()).contains("   app " + v2.checksum().substring(0, 12) + ": wave 2 of 4");
        Map<Integer, JsonNode> byWave = new TreeMap<>();
        for (String node : NODES) {
            JsonNode t = track(node);
            assertThat(t.path("state").asText()).as(node).isEqualTo("healthy");
            assertThat(byWave.put(t.path("wave").asInt(), t)).as("one node in wave %d", t.path("wave").asInt()).isNull();
        }
        assertThat(byWave).containsOnlyKeys(1, 2, 3, 4);
        for (int wave = 2; wave <= 4; wave++) {
            Instant started = Instant.parse(byWave.get(wave).path("installing_since").asText());
            Instant previousHealthy = Instant.parse(byWave.get(wave - 1).path("since").asText());
            assertThat(started).as("wave %d started after wave %d was healthy and the pause of 1s", wave, wave - 1)
                    .isAfterOrEqualTo(previousHealthy.plusSeconds(1));
        }

        // a version that never becomes healthy: the canary reverts to 2.0.0, the rollout halts
        MachineBundle v3 = operator.bundle("app", "3.0.0", broken("3.0.0"));
        publish(supervised(v3, "3s"));
        CliRun bad = fleetStatusWait();

        assertThat(bad.exitCode()).as(bad.out() + bad.err()).isEqualTo(FleetWait.FAILED);
        List<String> reverted = new ArrayList<>();
        for (String node : NODES) {
            RolloutReport r = rollout(node).orElseThrow();
            assertThat(r.checksum()).isEqualTo(v3.checksum());
            assertThat(r.state()).as(node).isIn(RolloutState.REVERTED, RolloutState.HALTED);
            if (r.state() == RolloutState.REVERTED) {
                reverted.add(node);
                assertThat(r.wave()).hasValue(1);
                assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith(
                        "app did not reach running within 3s of the install: it is in starting"));
            }
        }
        assertThat(reverted).as("only the canary installed the bad version").hasSize(1);
        String canary = reverted.getFirst();
        assertThat(operator.downloads(v3)).isEqualTo(1);
        assertThat(bad.err()).startsWith("mms: revision 3 was not rolled out: its health check failed on 1 node ("
                + canary + "): app reverted: app did not reach running within 3s of the install: it is in starting;"
                + " went back to the previous version; the rollout halted on 3 nodes (");
        assertThat(bad.out()).contains("Reverted on 1 node:", "Halted on 3 nodes:", "app " + v3.checksum().substring(0, 12)
                + ": halted: 1 of 4 nodes failed, max_failed 0 tolerates 0: " + canary + ": reverted");
        await("the canary runs 2.0.0 again").atMost(WAIT).until(() -> app(canary)
                .filter(a -> a.version().equals(Optional.of("2.0.0")) && a.state().equals(Optional.of("running"))
                        && a.checksum().equals(Optional.of(v2.checksum()))).isPresent());
        for (String node : NODES) {
            assertThat(app(node).orElseThrow().version()).as(node + " runs the previous version").contains("2.0.0");
        }

        // a fixed version: the halted rollout goes on, from a canary again
        MachineBundle v4 = operator.bundle("app", "4.0.0");
        publish(supervised(v4, "20s"));
        CliRun fixed = fleetStatusWait();

        assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
        assertThat(fixed.out()).contains("app: 4.0.0 on 4 nodes");
        for (String node : NODES) {
            assertThat(rollout(node)).as(node).hasValueSatisfying(r -> {
                assertThat(r.checksum()).isEqualTo(v4.checksum());
                assertThat(r.state()).isEqualTo(RolloutState.HEALTHY);
            });
        }
        assertThat(operator.downloads(v2)).as("going back to 2.0.0 downloaded nothing").isEqualTo(4);
    }
}

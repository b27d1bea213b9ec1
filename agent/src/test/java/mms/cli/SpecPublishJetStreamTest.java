package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import mms.spec.Keyring;
import mms.spec.SpecificationLedger;
import mms.spec.VersionedSpecification;
import mms.status.FleetFeed;
import mms.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's workflow end to end: three agents ({@code mms agent --manage}) on a real
 * nats-server, and {@code mms spec} as the operator runs it. A publication followed with
 * {@code --wait} returns once every node runs it; a rollback, the old content signed again with a
 * higher serial, is accepted by nodes that refuse rollbacks and replays; pause and resume are
 * verified specifications with the flag, which every node applies.
 */
class SpecPublishJetStreamTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<String> NODES = List.of("node1", "node2", "node3");

    @TempDir
    Path dir;
    Operator operator;
    KeyValueStore store;
    String bucketName;
    KeyValueBucket bucket;
    Path key;
    final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        operator = new Operator(dir.resolve("operator"));
        key = dir.resolve("signer.key");
        operator.key().writeFile(key);
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        bucketName = NatsServerExtension.uniqueBucket("MACHINES");
        bucket = store.createBucket(BucketConfig.of(bucketName).withHistory(10));
        for (String node : NODES) {
            Map<Setting, String> flags = new EnumMap<>(Setting.class);
            flags.put(Setting.IDENTITY, node);
            flags.put(Setting.MACHINES, dir.resolve(node).resolve("machines").toString());
            flags.put(Setting.STATE_DIR, dir.resolve(node).resolve("state").toString());
            flags.put(Setting.STORE, NATS.url());
            flags.put(Setting.MANAGE, "true");
            flags.put(Setting.MANAGE_BUCKET, bucketName);
            flags.put(Setting.SIGNING_KEY, operator.key().publicKey().hex());
            flags.put(Setting.STATUS_INTERVAL, "1s");
            agents.add(Agent.start(AgentConfig.resolve(Optional.empty(), Map.of(), flags)));
        }
        try (FleetFeed feed = FleetFeed.open(store, bucketName, "machines")) {
            await().atMost(WAIT).until(() -> feed.view(Instant.now(), Optional.empty()).live() == NODES.size());
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            agents.forEach(Agent::close);
            if (store.bucketNames().contains(NodeStatus.BUCKET)) {
                store.removeBucket(NodeStatus.BUCKET); // one status bucket per server: the next test starts clean
            }
        } finally {
            store.close();
            operator.close();
        }
    }

    /** {@code mms spec VERB ARGS --key signer.key --wait} as the operator runs it against this fleet. */
    CliRun spec(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of("spec", verb));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--key", key.toString(), "--wait", "--timeout", "1m", "--store", NATS.url(),
                "--manage-bucket", bucketName, "--signing-key", operator.key().publicKey().hex()));
        return CliRun.run(all.toArray(String[]::new));
    }

    Path machines(String name, ObjectNode... entries) throws Exception {
        return Files.write(dir.resolve(name), Operator.machinesJson(entries));
    }

    static ObjectNode planned(MachineBundle bundle) {
        ObjectNode entry = Operator.entry(bundle);
        entry.putObject("rollout").putArray("waves").add("100%");
        return entry;
    }

    VersionedSpecification stored() throws Exception {
        return VersionedSpecification.parse(bucket.require("machines").valueAsString());
    }

    /** What each node's manager recorded as applied: the serial and payload digest it refuses to go below. */
    List<SpecificationLedger.Applied> applied() throws Exception {
        List<SpecificationLedger.Applied> applied = new ArrayList<>();
        for (String node : NODES) {
            applied.add(SpecificationLedger.in(dir.resolve(node).resolve("machines").resolve(Agent.MANAGER))
                    .applied("machines").orElseThrow());
        }
        return applied;
    }

    @Test
    void publishWaitsForTheFleetRollbackIsSignedAgainAndPauseAndResumeAreVerifiedSpecifications() throws Exception {
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        MachineBundle v2 = operator.bundle("app", "2.0.0");

        CliRun first = spec("publish", machines("v1.json", planned(v1)).toString());

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("  + app: added, no matcher\n      installs on every managed node: 3 nodes"
                + " (node1, node2, node3)\n", "3 of 3 converged (100.0%)", "app: 1.0.0 on 3 nodes");

        CliRun upgrade = spec("publish", machines("v2.json", planned(v2)).toString());

        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
        assertThat(upgrade.out()).contains("  ~ app: upgraded, runs on 3 nodes (node1, node2, node3) now\n",
                "app: 2.0.0 on 3 nodes");
        assertThat(applied()).allSatisfy(a -> assertThat(a.serial()).isEqualTo(2));

        CliRun rollback = spec("rollback");

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).contains("Publishing revision 1 (serial 1) again to " + bucketName
                + " > machines: serial 3", "app: 1.0.0 on 3 nodes");
        VersionedSpecification rolledBack = stored();
        assertThat(applied()).as("nodes that refuse serials at or below 2 accepted the old content as serial 3")
                .allSatisfy(a -> {
                    assertThat(a.serial()).isEqualTo(3);
                    assertThat(a.digest()).isEqualTo(rolledBack.payloadDigest());
                });
        for (Agent agent : agents) {
            assertThat(agent.nodeStatus().orElseThrow().machines()).filteredOn(m -> m.name().equals("app"))
                    .singleElement().satisfies(app -> assertThat(app.checksum()).contains(v1.checksum()));
        }

        CliRun paused = spec("pause", "app");

        assertThat(paused.exitCode()).as(paused.out() + paused.err()).isZero();
        assertThat(paused.out()).contains("      rollout.paused  (none) -> true\n", "3 of 3 converged (100.0%)");
        assertPaused(true, 4);

        CliRun resumed = spec("resume");

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("      rollout.paused  true -> false\n", "3 of 3 converged (100.0%)");
        assertPaused(false, 5);
    }

    /** The store holds serial {@code serial}, signed by the operator, with the flag; every node applied it. */
    void assertPaused(boolean paused, long serial) throws Exception {
        VersionedSpecification stored = stored();
        assertThat(stored.serial()).isEqualTo(serial);
        assertThat(new Keyring(List.of(operator.key().publicKey()), 1).check(stored.envelope()).met()).isTrue();
        JsonNode app = Json.mapper().readTree(stored.machines()).get(0);
        assertThat(app.at("/rollout/paused").booleanValue()).isEqualTo(paused);
        assertThat(app.at("/rollout/waves").toString()).isEqualTo("[\"100%\"]");
        assertThat(applied()).allSatisfy(a -> assertThat(a.digest()).isEqualTo(stored.payloadDigest()));
    }
}

package mms.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mms.agent.Agent;
import mms.archive.bundle.MachineBundle;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.e2e.Operator;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.spec.Ed25519PrivateKey;
import mms.spec.SpecificationDigest;
import mms.status.FleetFeed;
import mms.status.FleetView;
import mms.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small fleet on one store: several agents ({@link Agent#start}, each with its own identity,
 * machines and state directory, or {@code mms agent} in a child JVM where a test kills one), an
 * operator who signs specifications and serves archives, and {@code mms fleet status} as the
 * operator runs it. Subclasses supply the store; every scenario runs on each.
 */
abstract class FleetStatusContract {
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    Operator operator;
    KeyValueStore store;
    String bucketName;
    KeyValueBucket bucket;
    final List<Agent> agents = new ArrayList<>();
    final List<Process> processes = new ArrayList<>();

    /** The store URL, as {@code --store} takes it. */
    abstract String storeUrl();

    @BeforeEach
    void setUp() throws Exception {
        operator = new Operator(dir.resolve("operator"));
        store = KeyValueStores.open(storeUrl(), ConnectOptions.NONE);
        bucketName = NatsServerExtension.uniqueBucket("MACHINES");
        bucket = store.createBucket(BucketConfig.of(bucketName).withHistory(5));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Process p : processes) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            agents.forEach(Agent::close);
            if (store.bucketNames().contains(NodeStatus.BUCKET)) {
                store.removeBucket(NodeStatus.BUCKET); // one status bucket per server: the next test starts clean
            }
        } finally {
            store.close();
            operator.close();
        }
    }

    // --- harness

    /** The settings of {@code mms agent --manage} on node {@code identity} trusting {@code key}. */
    Map<Setting, String> settings(String identity, Ed25519PrivateKey key) {
        Path node = dir.resolve(identity);
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.IDENTITY, identity);
        flags.put(Setting.MACHINES, node.resolve("machines").toString());
        flags.put(Setting.STATE_DIR, node.resolve("state").toString());
        flags.put(Setting.STORE, storeUrl());
        flags.put(Setting.MANAGE, "true");
        flags.put(Setting.MANAGE_BUCKET, bucketName);
        flags.put(Setting.SIGNING_KEY, key.publicKey().hex());
        flags.put(Setting.STATUS_INTERVAL, "1s");
        return flags;
    }

    Agent startAgent(String identity, Ed25519PrivateKey trusted) throws Exception {
        Agent agent = Agent.start(AgentConfig.resolve(Optional.empty(), Map.of(), settings(identity, trusted)));
        agents.add(agent);
        return agent;
    }

    /** {@code mms agent} in a child JVM, so a test can kill it. */
    Process startAgentProcess(String identity, Ed25519PrivateKey trusted) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "agent"));
        settings(identity, trusted).forEach((setting, value) -> {
            command.add(setting.flag());
            command.add(value);
        });
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(identity + ".log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MMS_"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    void put(String specification) throws Exception {
        bucket.put("machines", specification.getBytes(UTF_8));
    }

    /** {@code mms fleet status ARGS} against this fleet's store and specification. */
    CliRun fleetStatus(String... args) {
        List<String> all = new ArrayList<>(List.of("fleet", "status", "--store", storeUrl(), "--manage-bucket", bucketName));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** The fleet as {@code mms fleet status} sees it now. */
    FleetView view() throws Exception {
        try (FleetFeed feed = FleetFeed.open(store, bucketName, "machines")) {
            assertThat(feed.awaitInitial(WAIT)).isTrue();
            return feed.view(Instant.now(), Optional.empty());
        }
    }

    Optional<NodeStatus> record(String identity) throws Exception {
        if (!store.bucketNames().contains(NodeStatus.BUCKET)) {
            return Optional.empty();
        }
        Optional<mms.kv.Entry> entry = store.bucket(NodeStatus.BUCKET).get(identity);
        return entry.isEmpty() ? Optional.empty() : Optional.of(NodeStatus.parse(entry.get().value()));
    }

    Optional<NodeStatus.MachineStatus> machine(String identity, String name) throws Exception {
        return record(identity).flatMap(r -> r.machines().stream().filter(m -> m.name().equals(name)).findFirst());
    }

    // --- scenarios

    @Test
    void recordsFollowDeployUpgradeAndPurgeAndWaitReturnsZeroOnceTheFleetRunsEachSpecification() throws Exception {
        for (String node : List.of("node1", "node2", "node3")) {
            startAgent(node, operator.key());
        }
        await().atMost(WAIT).until(() -> view().live() == 3);
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        MachineBundle v2 = operator.bundle("app", "2.0.0");

        // deploy
        String first = operator.signed(Operator.entry(v1));
        put(first);
        CliRun deployed = fleetStatus("--wait", "--timeout", "2m");

        assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();
        assertThat(deployed.out()).contains("3 of 3 converged (100.0%)", "Converged: 3 of 3 managed nodes (100.0%)",
                "app: 1.0.0 on 3 nodes");
        for (String node : List.of("node1", "node2", "node3")) {
            NodeStatus record = record(node).orElseThrow();
            assertThat(record.specification()).hasValueSatisfying(s -> {
                assertThat(s.bucket()).isEqualTo(bucketName);
                assertThat(s.key()).isEqualTo("machines");
                assertThat(s.decision()).hasValueSatisfying(d -> {
                    assertThat(d.digest()).isEqualTo(SpecificationDigest.of(first));
                    assertThat(d.signer()).contains(operator.key().publicKey().hex());
                    assertThat(d.outcome()).isEqualTo(NodeStatus.Outcome.APPLIED);
                    assertThat(d.appliedDigest()).contains(d.digest());
                });
            });
            assertThat(machine(node, "app")).hasValueSatisfying(app -> {
                assertThat(app.version()).contains("1.0.0");
                assertThat(app.state()).as("loaded: its own state is its business").isPresent();
                assertThat(app.checksum()).contains(v1.checksum());
                assertThat(app.archive()).hasValueSatisfying(a -> assertThat(a).isIn("downloaded", "verified"));
                assertThat(app.managerState()).contains("MANAGE");
                assertThat(app.error()).isEmpty();
            });
            assertThat(machine(node, "mm_app")).as("managers are folded into their machine").isEmpty();
            await("the state change of " + node + "'s app in its record").atMost(WAIT)
                    .until(() -> machine(node, "app").flatMap(NodeStatus.MachineStatus::state).equals(Optional.of("running")));
        }

        // upgrade
        put(operator.signed(Operator.entry(v2)));
        CliRun upgraded = fleetStatus("--wait", "--timeout", "2m");

        assertThat(upgraded.exitCode()).as(upgraded.out() + upgraded.err()).isZero();
        assertThat(upgraded.out()).contains("app: 2.0.0 on 3 nodes");
        for (String node : List.of("node1", "node2", "node3")) {
            assertThat(machine(node, "app")).hasValueSatisfying(app -> {
                assertThat(app.version()).contains("2.0.0");
                assertThat(app.checksum()).contains(v2.checksum());
            });
        }

        // purge
        put(operator.signed());
        CliRun purged = fleetStatus("--wait", "--timeout", "2m");

        assertThat(purged.exitCode()).as(purged.out() + purged.err()).isZero();
        for (String node : List.of("node1", "node2", "node3")) {
            assertThat(record(node).orElseThrow().machines()).extracting(NodeStatus.MachineStatus::name)
                    .containsExactly(Agent.MANAGER);
        }
        assertThat(purged.out()).contains("Revisions: revision 3 on 3 nodes").doesNotContain("app:");
    }

    @Test
    void waitFailsNamingTheNodeThatRejectsTheSpecificationAndWhy() throws Exception {
        startAgent("node1", operator.key());
        startAgent("node2", operator.key());
        startAgent("node3", Ed25519PrivateKey.generate()); // trusts another key
        MachineBundle app = operator.bundle("app", "1.0.0");
        put(operator.signed(Operator.entry(app)));

        CliRun wait = fleetStatus("--wait", "--timeout", "2m");

        assertThat(wait.exitCode()).as(wait.out() + wait.err()).isEqualTo(FleetStatusCommand.REJECTED);
        assertThat(wait.err()).startsWith("mms: revision 1 was rejected by 1 node (node3): specification in data item"
                + " machines refused (bad_signature), nothing changed: ");
        assertThat(wait.out()).contains("2 of 3 converged (66.7%), 1 rejected, 0 failed, 0 pending",
                "Rejected by 1 node:", "  node3: specification in data item machines refused (bad_signature)");
        assertThat(record("node3").orElseThrow().specification().flatMap(NodeStatus.SpecificationStatus::decision))
                .hasValueSatisfying(d -> {
                    assertThat(d.outcome()).isEqualTo(NodeStatus.Outcome.REJECTED);
                    assertThat(d.signer()).isEmpty();
                    assertThat(d.appliedDigest()).isEmpty();
                });
        assertThat(machine("node3", "app")).isEmpty();

        CliRun json = fleetStatus("--json");
        assertThat(json.exitCode()).isZero();
        assertThat(mms.json.Json.mapper().readTree(json.out()).path("convergence").path("rejected").get(0)
                .path("nodes").get(0).asText()).isEqualTo("node3");
    }

    @Test
    void aKilledAgentGoesStaleAndAStoppedOneSaysSo() throws Exception {
        Process killed = startAgentProcess("node1", operator.key());
        Agent stopped = startAgent("node2", operator.key());
        startAgent("node3", operator.key());
        await().atMost(WAIT).until(() -> view().live() == 3);

        killed.destroyForcibly(); // SIGKILL: no last record
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        stopped.close();

        await().atMost(WAIT).until(() -> view().stale().stream().anyMatch(s -> s.identity().equals("node1")));
        FleetView view = view();
        assertThat(view.stopped()).containsExactly("node2");
        assertThat(view.live()).isEqualTo(1);
        assertThat(record("node1").orElseThrow().stopped()).isFalse();
        CliRun status = fleetStatus();
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("Nodes: 3 reporting, 1 live, 1 stale, 1 stopped",
                "Stale (no record for 3 heartbeats): 1 node", "  node1, last seen ", "Stopped: node2");
    }

    @Test
    void waitWithoutASpecificationIsAnError() {
        CliRun wait = fleetStatus("--wait", "--timeout", "5s");

        assertThat(wait.exitCode()).isEqualTo(1);
        assertThat(wait.err()).isEqualTo("mms: no specification in " + bucketName + " > machines to wait for\n");
    }
}

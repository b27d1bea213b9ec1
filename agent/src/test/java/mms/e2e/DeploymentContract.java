package mms.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mms.archive.bundle.MachineBundle;
import mms.cli.Main;
import mms.event.WatcherStateNotification;
import mms.kv.BucketConfig;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.testing.NatsServerExtension;
import mms.runtime.Machine;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Trust;
import mms.watcher.archive.ArchiveState;
import mms.watcher.archive.ArchiveStateNotification;
import mms.watcher.machines.MachinesState;
import mms.watcher.machines.MachinesStateNotification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole deployment flow on one node, end to end: an operator bundles machines and signs a
 * specification, puts it into the store, and a real agent (host + built-in manager machine) verifies
 * it, writes manager machines whose archive watchers download and install the machines, and runs
 * them. Subclasses supply the store engine; every scenario runs on each.
 */
abstract class DeploymentContract {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Path machines;
    Operator operator;
    KeyValueStore store;
    String bucketName;
    KeyValueBucket bucket;
    Agent agent;

    /** The store URL, as {@code --store} takes it. */
    abstract String storeUrl();

    abstract KeyValueStore openStore() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        machines = dir.resolve("machines");
        operator = new Operator(dir.resolve("operator"));
        store = openStore();
        bucketName = NatsServerExtension.uniqueBucket("MACHINES");
        bucket = store.createBucket(BucketConfig.of(bucketName).withHistory(5));
    }

    @AfterEach
    void tearDown() {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            try {
                if (store != null) {
                    store.close();
                }
            } finally {
                operator.close();
            }
        }
    }

    // --- harness

    Agent startAgent(String mode, Duration pollInterval) throws IOException {
        return startAgent(mode, pollInterval, Trust.of(Optional.of(operator.key().publicKey()), false));
    }

    Agent startAgent(String mode, Duration pollInterval, Trust trust) throws IOException {
        agent = Agent.start(machines, store, bucketName, new Agent.Options(mode, pollInterval, trust, e -> { }));
        return agent;
    }

    Agent startAgent() throws IOException {
        return startAgent("watch", Duration.ofMinutes(1));
    }

    Agent startAgent(Path facts) throws IOException {
        agent = Agent.start(machines, store, bucketName, new Agent.Options("watch", Duration.ofMinutes(1),
                Optional.of(operator.key().publicKey()), e -> { }, Optional.of(facts)));
        return agent;
    }

    void put(String specification) throws Exception {
        bucket.put(Agent.KEY, specification.getBytes(UTF_8));
    }

    Machine awaitRunning(String name, String version) {
        await().atMost(WAIT).until(() -> agent.running(name, version).isPresent());
        return agent.running(name, version).orElseThrow();
    }

    /** Installs {@code app} 1.0.0 from a signed specification and waits until its manager reported the download. */
    Machine install(MachineBundle app) throws Exception {
        put(operator.signed(Operator.entry(app)));
        Machine running = awaitRunning("app", "1.0.0");
        await().atMost(WAIT).until(() -> agent.count(e -> e instanceof WatcherStateNotification w
                && w.machine().equals("mm_app") && w.state() instanceof ArchiveStateNotification a
                && a.previousOutcome() == ArchiveState.DOWNLOADED) > 0);
        return running;
    }

    Path installed(String name) {
        return machines.resolve(name);
    }

    Path manager(String name) {
        return machines.resolve("mm_" + name);
    }

    /** The machines directory as {@link MachinesSnapshot} sees it. */
    Map<String, String> snapshot() throws Exception {
        return MachinesSnapshot.of(machines);
    }

    /** No purge leftovers or temporary files; false while a directory vanishes under the walk. */
    boolean noParkedOrTemporaryFiles() {
        try (Stream<Path> walk = Files.walk(machines)) {
            return walk.map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith(".purge.") || n.endsWith(".tmp"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    // --- scenarios

    @Test
    void aSignedSpecificationInstallsAndRunsTheMachine() throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent();
        put(operator.signed(Operator.entry(app)));

        Machine running = awaitRunning("app", "1.0.0");
        assertThat(running.directory()).isEqualTo(installed("app"));
        assertThat(installed("app").resolve("release.txt")).content(UTF_8).isEqualTo("app 1.0.0\n");
        assertThat(installed("app").resolve("machine.yaml")).content(UTF_8).isEqualTo(Operator.machineYaml("app", "1.0.0"));
        assertThat(manager("app").resolve("machine.yaml")).content(UTF_8)
                .contains("checksum: \"" + app.checksum() + "\"", "verify_checksum: \"" + app.verifyChecksum() + "\"",
                        "source: \"" + app.source() + "\"");
        assertThat(agent.host().machine("mm_app")).hasValueSatisfying(m -> assertThat(m.state()).isEqualTo("MANAGE"));
        await().atMost(WAIT).until(() -> agent.count(Agent.entered("app", "running")) == 1);
        assertThat(agent.events()).anyMatch(e -> Agent.machinesOutcome(MachinesState.UPDATED).test(e)
                && ((MachinesStateNotification) ((WatcherStateNotification) e).state()).machines().equals(java.util.List.of("app")));
    }

    /** A package installation makes the node match: a file appears and the facts are rewritten. */
    @Test
    void aNodeThatComesToMatchWhenItsFactsChangeDeploysWithoutWaitingForTheInterval() throws Exception {
        MachineBundle web = operator.bundle("web", "1.0.0");
        MachineBundle always = operator.bundle("always", "1.0.0");
        Path facts = dir.resolve("facts.json");
        Path marker = dir.resolve("nginx.conf");
        Files.writeString(facts, "{\"packages\": []}");
        startAgent(facts);
        // web first: had it matched, its manager would be written before the one of 'always'
        put(operator.signed(Operator.entry(web, "has_file('" + marker + "')"), Operator.entry(always)));
        awaitRunning("always", "1.0.0");
        assertThat(manager("web")).doesNotExist();

        Files.writeString(marker, "");
        Files.writeString(facts, "{\"packages\": [\"nginx\"]}");

        // the machines watcher's interval is a minute: half of it is plenty for a facts change
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.running("web", "1.0.0").isPresent());
    }

    @Test
    void aNewVersionReplacesTheRunningMachine() throws Exception {
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        MachineBundle v2 = operator.bundle("app", "2.0.0");
        assertThat(v2.checksum()).isNotEqualTo(v1.checksum());
        assertThat(v2.verifyChecksum()).isNotEqualTo(v1.verifyChecksum());
        startAgent();
        Machine first = install(v1);

        put(operator.signed(Operator.entry(v2)));

        Machine second = awaitRunning("app", "2.0.0");
        await().atMost(WAIT).until(first::isStopped);
        assertThat(second.instanceId()).isNotEqualTo(first.instanceId());
        assertThat(installed("app").resolve("machine.yaml")).content(UTF_8).isEqualTo(Operator.machineYaml("app", "2.0.0"));
        assertThat(installed("app").resolve("release.txt")).content(UTF_8).isEqualTo("app 2.0.0\n");
        assertThat(manager("app").resolve("machine.yaml")).content(UTF_8)
                .contains(v2.checksum(), v2.verifyChecksum()).doesNotContain(v1.checksum());
        assertThat(agent.host().machines()).filteredOn(m -> m.name().equals("app")).containsExactly(second);
        await().atMost(WAIT).until(this::noParkedOrTemporaryFiles);
    }

    @Test
    void anEntryRemovedFromTheSpecificationIsPurged() throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        MachineBundle web = operator.bundle("web", "1.0.0");
        startAgent();
        put(operator.signed(Operator.entry(app), Operator.entry(web)));
        Machine appMachine = awaitRunning("app", "1.0.0");
        Machine webMachine = awaitRunning("web", "1.0.0");
        Machine appManager = agent.host().machine("mm_app").orElseThrow();

        put(operator.signed(Operator.entry(web)));

        await().atMost(WAIT).until(() -> !Files.exists(manager("app")) && !Files.exists(installed("app"))
                && agent.host().machine("app").isEmpty() && agent.host().machine("mm_app").isEmpty());
        assertThat(appMachine.isStopped()).isTrue();
        assertThat(appManager.isStopped()).isTrue();
        assertThat(agent.running("web", "1.0.0")).as("web keeps running, not restarted").contains(webMachine);
        assertThat(webMachine.isStopped()).isFalse();
        assertThat(installed("web").resolve("release.txt")).exists();
        await().atMost(WAIT).until(this::noParkedOrTemporaryFiles);
    }

    @Test
    void aMachineForOtherNodesIsNotInstalledAndOneThatStopsMatchingIsPurged() throws Exception {
        MachineBundle other = operator.bundle("other", "1.0.0");
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent();
        // 'other' comes first: once mm_app exists, the check that wrote it has already decided 'other'
        put(operator.signed(Operator.entry(other, "identity('^nomatch')"), Operator.entry(app, "identity('^node1')")));

        Machine appMachine = awaitRunning("app", "1.0.0");
        assertThat(manager("other")).doesNotExist();
        assertThat(installed("other")).doesNotExist();
        assertThat(agent.host().machine("other")).isEmpty();

        put(operator.signed(Operator.entry(other, "identity('^nomatch')"), Operator.entry(app, "identity('^nomatch')")));

        await().atMost(WAIT).until(() -> !Files.exists(manager("app")) && !Files.exists(installed("app"))
                && agent.host().machine("app").isEmpty() && agent.host().machine("mm_app").isEmpty());
        assertThat(appMachine.isStopped()).isTrue();
        assertThat(manager("other")).doesNotExist();
    }

    /** Specifications the agent must not trust. */
    enum Untrusted { SIGNED_BY_ANOTHER_KEY, UNSIGNED, TAMPERED_PAYLOAD }

    @ParameterizedTest
    @EnumSource(Untrusted.class)
    void anUntrustedSpecificationChangesNothingOnDiskAndReportsAnError(Untrusted kind) throws Exception {
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        MachineBundle v2 = operator.bundle("app", "2.0.0");
        MachineBundle web = operator.bundle("web", "1.0.0");
        startAgent();
        Machine first = install(v1);
        Map<String, String> before = snapshot();
        assertThat(before).containsKeys("app/machine.yaml", "app/release.txt", "mm_app/machine.yaml");
        long errors = agent.count(Agent.machinesOutcome(MachinesState.ERROR));

        // had it been trusted, it would upgrade app and add web
        ObjectNode[] wanted = {Operator.entry(v2), Operator.entry(web)};
        put(switch (kind) {
            case SIGNED_BY_ANOTHER_KEY -> Operator.signedWith(Ed25519PrivateKey.generate(), wanted);
            case UNSIGNED -> Operator.unsigned(wanted);
            case TAMPERED_PAYLOAD -> operator.tampered(new ObjectNode[] {Operator.entry(v1)}, wanted);
        });

        await().atMost(WAIT).until(() -> agent.count(Agent.machinesOutcome(MachinesState.ERROR)) > errors);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(agent.running("app", "1.0.0")).contains(first);
        assertThat(agent.host().machine("web")).isEmpty();
        assertThat(agent.host().machine("mm_web")).isEmpty();

        // the watcher is not stuck: the operator's own signature still deploys
        put(operator.signed(wanted));
        awaitRunning("app", "2.0.0");
        awaitRunning("web", "1.0.0");
    }

    /** Mistakes in one entry of a signed specification, which must not reach the node. */
    enum Slip { INVALID_REGULAR_EXPRESSION, MISSPELLED_MEMBER, NAME_OF_THE_AGENTS_OWN_MACHINE, NAME_OF_A_MANAGER }

    @ParameterizedTest
    @EnumSource(Slip.class)
    void aSlipInOneEntryIsSkippedLeavingItsMachineAsItIsWhileTheOthersApply(Slip slip) throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        MachineBundle db = operator.bundle("db", "1.0.0");
        startAgent();
        Machine first = install(app);

        put(operator.signed(switch (slip) {
            // the original's nodes found it false and purged app; skipped, app stays as it is
            case INVALID_REGULAR_EXPRESSION -> new ObjectNode[] {Operator.entry(app, "identity('[node')"),
                    Operator.entry(db)};
            // the original installed web on every node, having no matcher
            case MISSPELLED_MEMBER -> new ObjectNode[] {Operator.entry(app), Operator.entry(db),
                    Operator.entry(operator.bundle("web", "1.0.0")).put("matches", "identity('^nomatch')")};
            // it would be installed over the agent's built-in manager machine
            case NAME_OF_THE_AGENTS_OWN_MACHINE -> new ObjectNode[] {Operator.entry(app), Operator.entry(db),
                    Operator.entry(operator.bundle(Agent.MANAGER, "1.0.0"))};
            // it would share mm_app with app's manager
            case NAME_OF_A_MANAGER -> new ObjectNode[] {Operator.entry(app), Operator.entry(db),
                    Operator.entry(operator.bundle("mm_app", "1.0.0"))};
        }));

        awaitRunning("db", "1.0.0");
        assertThat(agent.running("app", "1.0.0")).contains(first);
        assertThat(agent.host().machine("web")).isEmpty();
        assertThat(agent.host().machine("mm_web")).isEmpty();
        assertThat(agent.host().machine(Agent.MANAGER)).hasValueSatisfying(m -> assertThat(m.isStopped()).isFalse());
    }

    /** Valid matchers that exhausted a node before: exponential backtracking, thousands of alternatives. */
    enum HostileMatcher {
        BACKTRACKING("!('" + "a".repeat(40) + "' matches '((a+)+)+c')"),
        FIVE_THOUSAND_ALTERNATIVES("false || ".repeat(4999) + "identity('^node1')");

        final String match;

        HostileMatcher(String match) {
            this.match = match;
        }
    }

    @ParameterizedTest
    @EnumSource(HostileMatcher.class)
    void aMatcherThatOnceWedgedTheNodeIsDecidedPromptly(HostileMatcher matcher) throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent();

        put(operator.signed(Operator.entry(app, matcher.match)));

        awaitRunning("app", "1.0.0");
        MachineBundle web = operator.bundle("web", "1.0.0");
        put(operator.signed(Operator.entry(app, matcher.match), Operator.entry(web)));
        awaitRunning("web", "1.0.0");
    }

    @Test
    void anAgentWithoutAnyKeyRefusesEverySpecification() throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent("watch", Duration.ofMinutes(1), Trust.NONE);

        put(operator.signed(Operator.entry(app)));
        await().atMost(WAIT).until(() -> agent.count(Agent.machinesOutcome(MachinesState.ERROR)) > 0);
        put(Operator.unsigned(Operator.entry(app)));
        await().atMost(WAIT).until(() -> agent.count(Agent.machinesOutcome(MachinesState.ERROR)) > 1);

        assertThat(manager("app")).doesNotExist();
        assertThat(installed("app")).doesNotExist();
        assertThat(agent.count(Agent.machinesOutcome(MachinesState.UPDATED))).isZero();
    }

    @Test
    void anAgentThatAllowsUnsignedSpecificationsDeploysThem() throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent("watch", Duration.ofMinutes(1), Trust.of(Optional.empty(), true));

        put(Operator.unsigned(Operator.entry(app)));

        awaitRunning("app", "1.0.0");
    }

    @Test
    void aRestartedAgentRunsWhatIsInstalledWithoutDownloadingItAgain() throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent();
        Machine before = install(app);
        assertThat(operator.downloads(app)).isEqualTo(1);
        agent.close();
        assertThat(before.isStopped()).isTrue();

        startAgent();

        Machine after = awaitRunning("app", "1.0.0");
        assertThat(after.instanceId()).isNotEqualTo(before.instanceId());
        await().atMost(WAIT).until(() -> agent.count(e -> e instanceof WatcherStateNotification w
                && w.machine().equals("mm_app") && w.state() instanceof ArchiveStateNotification a
                && a.previousOutcome() == ArchiveState.VERIFIED) > 0);
        assertThat(operator.downloads(app)).isEqualTo(1);
        assertThat(agent.count(Agent.machinesOutcome(MachinesState.ERROR))).as("the specification persisted in machine data").isZero();
    }

    @Test
    void installsFromAFileSource() throws Exception {
        MachineBundle app = operator.bundleAsFile("app", "1.0.0");
        assertThat(app.source()).startsWith("file:///");
        startAgent();
        put(operator.signed(Operator.entry(app)));

        awaitRunning("app", "1.0.0");
        assertThat(installed("app").resolve("release.txt")).content(UTF_8).isEqualTo("app 1.0.0\n");
    }

    @Test
    void aSpecificationPutWithTheCliIsDeployed() throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent();

        int exit = Main.run("kv", "put", "--store", storeUrl(), bucketName, Agent.KEY, operator.signed(Operator.entry(app)));

        assertThat(exit).isZero();
        awaitRunning("app", "1.0.0");
    }

    @Test
    void pollModeDeploysAtTheNextPoll() throws Exception {
        MachineBundle app = operator.bundle("app", "1.0.0");
        startAgent("poll", Duration.ofSeconds(1));
        put(operator.signed(Operator.entry(app)));

        awaitRunning("app", "1.0.0");
    }
}

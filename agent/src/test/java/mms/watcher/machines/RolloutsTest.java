package mms.watcher.machines;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import mms.digest.Sha256;
import mms.event.MachineEvent;
import mms.event.RolloutTransition;
import mms.event.WatcherState;
import mms.spec.FleetShare;
import mms.spec.HealthCheck;
import mms.spec.ManagedMachine;
import mms.spec.RolloutPlan;
import mms.watcher.FakeMachine;
import mms.watcher.MachineRegistry;
import mms.watcher.RolloutGate;
import mms.watcher.RolloutReport;
import mms.watcher.RolloutState;
import mms.watcher.RunningMachine;
import mms.watcher.SpecificationReport;
import mms.watcher.SpecificationReporter;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node's side of a rollout, step by step, against a fake fleet (the gate is set by the test), a
 * fake host (which machine runs from the installed directory, in which state) and a manual clock.
 * The archive watcher's part (installing what the manager says) is played by the test writing the
 * installed files.
 */
class RolloutsTest {
    static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String SUMS_1 = "app 1 sums\n";
    static final String SUMS_2 = "app 2 sums\n";
    static final String OLD = "1".repeat(64);
    static final String NEW = "2".repeat(64);
    static final HealthCheck HEALTH = new HealthCheck(List.of("running"), Duration.ofSeconds(10), List.of("failed"));
    static final RolloutPlan PLAN = new RolloutPlan(List.of(FleetShare.parse("1"), FleetShare.ALL), Duration.ofSeconds(1),
            FleetShare.NONE, true, false);

    @TempDir
    Path root;
    Path self;
    FakeMachine manager;
    FakeMachine.Run runtime;
    Rollouts rollouts;
    final AtomicReference<RolloutGate> gate = new AtomicReference<>(new RolloutGate.Wait(Optional.empty(),
            "waiting for wave 1", Optional.empty()));
    final Map<Path, RunningMachine> running = new ConcurrentHashMap<>();
    final AtomicReference<Map<String, RolloutReport>> reported = new AtomicReference<>(Map.of());

    @BeforeEach
    void setUp() throws Exception {
        self = Files.createDirectories(root.resolve("mms_manager"));
        MachineRegistry registry = new MachineRegistry() {
            @Override
            public boolean awaitStopped(Path directory, Duration timeout) {
                return true;
            }

            @Override
            public Optional<RunningMachine> running(Path directory) {
                return Optional.ofNullable(running.get(directory));
            }
        };
        SpecificationReporter reporter = new SpecificationReporter() {
            @Override
            public void report(SpecificationReport report) {
            }

            @Override
            public void rollouts(String machine, Map<String, RolloutReport> reports) {
                reported.set(reports);
            }
        };
        manager = new FakeMachine("mms_manager", self, "MANAGE").identity("node1").services(WatcherServices.NONE
                .withMachines(registry).withSpecifications(reporter)
                .withRollouts((identity, digest, entry, now) -> gate.get()));
        runtime = manager.start(new Idle());
        runtime.awaitParked();
        rollouts = new Rollouts(self, root);
    }

    @AfterEach
    void tearDown() throws Exception {
        runtime.close();
    }

    /** A watcher whose loop ends at once: the test drives {@link Rollouts} on the runtime itself. */
    private static final class Idle implements Watcher {
        @Override
        public WatcherSettings settings() {
            return FakeMachine.settings("idle", "idle", List.of(), "", "", Duration.ZERO);
        }

        @Override
        public void run(WatcherRuntime runtime) {
        }

        @Override
        public WatcherState currentState() {
            return null;
        }
    }

    private static ManagedMachine app(String checksum, String sums, Optional<HealthCheck> health,
                                      Optional<RolloutPlan> plan) {
        return new ManagedMachine("app", "https://example.net/app.tgz", "", "", Sha256.of(sums.getBytes(UTF_8)),
                checksum, "", "", health, plan);
    }

    private static ManagedMachine v2() {
        return app(NEW, SUMS_2, Optional.of(HEALTH), Optional.of(PLAN));
    }

    private byte[] manifest(ManagedMachine entry) {
        return ManagerManifest.render(entry, Duration.ofMinutes(2), root).getBytes(UTF_8);
    }

    /** The node runs version 1 of app from an earlier specification. */
    private byte[] runningVersion1() throws Exception {
        byte[] v1 = manifest(app(OLD, SUMS_1, Optional.empty(), Optional.empty()));
        Files.createDirectories(root.resolve("mm_app"));
        Files.write(root.resolve("mm_app/machine.yaml"), v1);
        installed(SUMS_1, "version: 1\n", "running");
        return v1;
    }

    /** What the archive watcher and the host do: {@code <root>/app} holds a version, and it runs in {@code state}. */
    private void installed(String sums, String machineYaml, String state) throws Exception {
        Path app = Files.createDirectories(root.resolve("app"));
        Files.writeString(app.resolve("SHA256SUMS"), sums);
        Files.writeString(app.resolve("machine.yaml"), machineYaml);
        running.put(app, new RunningMachine("app", "x", state, "id", app, Sha256.of(machineYaml.getBytes(UTF_8))));
    }

    private Optional<byte[]> step(ManagedMachine entry) {
        Map<String, byte[]> out = rollouts.step(runtime, DIGEST, List.of(new Rollouts.Supervised(entry, manifest(entry))),
                Optional.of(Set.of(entry.name())));
        Optional<byte[]> written = Optional.ofNullable(out.get(entry.name()));
        written.ifPresent(m -> {
            try {
                Files.createDirectories(root.resolve("mm_app"));
                Files.write(root.resolve("mm_app/machine.yaml"), m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return written;
    }

    private RolloutReport report() {
        return reported.get().get("app");
    }

    private List<String> transitions() {
        return runtime.events().stream().map(e -> (RolloutTransition) e)
                .map(t -> t.fromState() + "=>" + t.toState()).toList();
    }

    @Test
    void waitsForItsWaveKeepingTheManagerItHas() throws Exception {
        byte[] v1 = runningVersion1();

        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
        assertThat(report().state()).isEqualTo(RolloutState.WAITING);
        assertThat(report().reason()).hasValueSatisfying(r -> assertThat(r).contains("waiting for wave 1"));
        assertThat(report().checksum()).isEqualTo(NEW);
        assertThat(transitions()).containsExactly("=>waiting");
    }

    @Test
    void aGoodVersionIsInstalledOnceItsWaveStartsAndIsHealthyWhenItRunsInAHealthyState() throws Exception {
        byte[] v1 = runningVersion1();
        step(v2());
        gate.set(new RolloutGate.Open(2));

        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(manifest(v2())));
        assertThat(report().state()).isEqualTo(RolloutState.INSTALLING);
        assertThat(report().wave()).hasValue(2);

        manager.clock().advance(Duration.ofSeconds(2));
        installed(SUMS_2, "version: 2\n", "starting");
        step(v2());
        assertThat(report().state()).as("installed, not healthy yet").isEqualTo(RolloutState.VERIFYING);

        installed(SUMS_2, "version: 2\n", "running");
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(manifest(v2())));
        assertThat(report().state()).isEqualTo(RolloutState.HEALTHY);
        assertThat(transitions()).containsExactly("=>waiting", "waiting=>installing", "installing=>verifying",
                "verifying=>healthy");
        assertThat(Files.readString(self.resolve(RolloutLedger.FILE_NAME))).contains(new String(v1, UTF_8)
                .replace("\"", "\\\"").replace("\n", "\\n"));
    }

    @Test
    void theOldVersionStillRunningIsNotTakenForTheNewOne() throws Exception {
        runningVersion1();
        gate.set(new RolloutGate.Open(1));
        step(v2());

        installed(SUMS_2, "version: 2\n", "running");
        running.put(root.resolve("app"), new RunningMachine("app", "1", "running", "id", root.resolve("app"),
                Sha256.of("version: 1\n".getBytes(UTF_8)))); // the host has not reloaded yet
        step(v2());

        assertThat(report().state()).isEqualTo(RolloutState.VERIFYING);
    }

    @Test
    void aVersionNotHealthyInTimeIsRevertedAndNotTriedAgainUntilTheEntryChanges() throws Exception {
        byte[] v1 = runningVersion1();
        gate.set(new RolloutGate.Open(1));
        step(v2());
        installed(SUMS_2, "version: 2\n", "starting");
        step(v2());

        manager.clock().advance(Duration.ofSeconds(10));
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).as("the manager goes back to version 1").isEqualTo(v1));
        assertThat(report().state()).isEqualTo(RolloutState.REVERTED);
        assertThat(report().reason()).hasValueSatisfying(r -> assertThat(r).contains(
                "app did not reach running within 10s of the install: it is in starting; went back to the previous version"));
        assertThat(runtime.logText()).anyMatch(l -> l.startsWith("WARN rollout of app 222222222222 (wave 1): reverted: "));

        installed(SUMS_1, "version: 1\n", "running"); // the archive watcher swapped version 1 back in
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
        ManagedMachine paused = app(NEW, SUMS_2, Optional.of(HEALTH), Optional.of(PLAN.withPaused(true)));
        assertThat(step(paused)).as("pausing is no change").hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
        assertThat(report().state()).isEqualTo(RolloutState.REVERTED);

        ManagedMachine longer = app(NEW, SUMS_2, Optional.of(new HealthCheck(List.of("running"), Duration.ofMinutes(1),
                List.of())), Optional.of(PLAN));
        assertThat(step(longer)).as("a new health check tries again").hasValueSatisfying(m ->
                assertThat(m).isEqualTo(manifest(longer)));
        assertThat(report().state()).isEqualTo(RolloutState.INSTALLING);
    }

    @Test
    void aFailureStateRevertsAtOnce() throws Exception {
        byte[] v1 = runningVersion1();
        gate.set(new RolloutGate.Open(1));
        step(v2());
        installed(SUMS_2, "version: 2\n", "failed");

        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
        assertThat(report().reason()).hasValueSatisfying(r -> assertThat(r).contains(
                "app entered failure state failed after the install"));
    }

    @Test
    void aFirstInstallThatFailsHasNothingToGoBackTo() throws Exception {
        gate.set(new RolloutGate.Open(1));
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(manifest(v2())));
        installed(SUMS_2, "version: 2\n", "starting");

        manager.clock().advance(Duration.ofSeconds(11));
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(manifest(v2())));
        assertThat(report().state()).isEqualTo(RolloutState.FAILED);
        assertThat(report().reason()).hasValueSatisfying(r -> assertThat(r).endsWith(
                "there is no previous version to go back to"));
    }

    @Test
    void aNewEntryWaitingForItsWaveGetsNoManager() {
        assertThat(step(v2())).isEmpty();
        assertThat(root.resolve("mm_app")).doesNotExist();
    }

    @Test
    void anInstallThatNeverCompletesIsRevertedAtTheDeadline() throws Exception {
        byte[] v1 = runningVersion1();
        gate.set(new RolloutGate.Open(1));
        step(v2());

        manager.clock().advance(Duration.ofSeconds(10));
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
        assertThat(report().reason()).hasValueSatisfying(r -> assertThat(r).contains(
                "within 10s of the install: the new version was not installed"));
    }

    @Test
    void aPausedRolloutStartsNothingAndKeepsWhatUpgraded() throws Exception {
        byte[] v1 = runningVersion1();
        gate.set(new RolloutGate.Paused(Optional.of(2), "the rollout of app 222222222222 is paused"));
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
        assertThat(report().state()).isEqualTo(RolloutState.PAUSED);

        gate.set(new RolloutGate.Open(2));
        step(v2());
        installed(SUMS_2, "version: 2\n", "running");
        step(v2());
        gate.set(new RolloutGate.Paused(Optional.of(2), "the rollout of app 222222222222 is paused"));
        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(manifest(v2())));
        assertThat(report().state()).isEqualTo(RolloutState.HEALTHY);
    }

    @Test
    void aHaltTakesAnUpgradedNodeBackWithAutoRevertOnly() throws Exception {
        byte[] v1 = runningVersion1();
        gate.set(new RolloutGate.Open(1));
        step(v2());
        installed(SUMS_2, "version: 2\n", "running");
        step(v2());
        gate.set(new RolloutGate.Halted(Optional.of(1), "rollout of app 222222222222 halted: node9 reverted"));

        ManagedMachine keep = app(NEW, SUMS_2, Optional.of(HEALTH), Optional.of(new RolloutPlan(PLAN.waves(),
                PLAN.pause(), PLAN.maxFailed(), false, false)));
        assertThat(step(keep)).as("without auto_revert").hasValueSatisfying(m -> assertThat(m).isEqualTo(manifest(keep)));
        assertThat(report().state()).isEqualTo(RolloutState.HEALTHY);

        assertThat(step(v2())).hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
        assertThat(report().state()).isEqualTo(RolloutState.HALTED);
        assertThat(report().reason()).hasValueSatisfying(r -> assertThat(r).contains(
                "node9 reverted; went back to the previous version (auto_revert)"));
    }

    @Test
    void aVersionAlreadyInstalledIsHealthyAtOnce() throws Exception {
        Files.createDirectories(root.resolve("mm_app"));
        Files.write(root.resolve("mm_app/machine.yaml"), manifest(app(NEW, SUMS_2, Optional.empty(), Optional.empty())));

        step(v2());

        assertThat(report().state()).isEqualTo(RolloutState.HEALTHY);
    }

    @Test
    void anEntryWithAHealthCheckOnlyInstallsAtOnce() throws Exception {
        runningVersion1();
        ManagedMachine checked = app(NEW, SUMS_2, Optional.of(HEALTH), Optional.empty());

        assertThat(step(checked)).hasValueSatisfying(m -> assertThat(m).isEqualTo(manifest(checked)));
        assertThat(report().state()).isEqualTo(RolloutState.INSTALLING);
        assertThat(report().wave()).isEmpty();
    }

    @Test
    void aRestartCarriesOnFromWhatWasRecorded() throws Exception {
        byte[] v1 = runningVersion1();
        gate.set(new RolloutGate.Open(1));
        step(v2());
        installed(SUMS_2, "version: 2\n", "starting");

        rollouts = new Rollouts(self, root); // the agent restarted
        gate.set(new RolloutGate.Wait(Optional.empty(), "reading the fleet's status records", Optional.empty()));
        step(v2());
        assertThat(report().state()).isEqualTo(RolloutState.VERIFYING);
        manager.clock().advance(Duration.ofSeconds(10));
        assertThat(step(v2())).as("the deadline counts from the install before the restart")
                .hasValueSatisfying(m -> assertThat(m).isEqualTo(v1));
    }

    @Test
    void anUnreadableRecordChangesNoSupervisedManager() throws Exception {
        runningVersion1();
        Files.writeString(self.resolve(RolloutLedger.FILE_NAME), "{not json");
        gate.set(new RolloutGate.Open(1));

        assertThat(step(v2())).isEmpty();
        assertThat(report().state()).isEqualTo(RolloutState.WAITING);
        assertThat(report().reason()).hasValueSatisfying(r -> assertThat(r).startsWith("rollout state file "
                + self.resolve(RolloutLedger.FILE_NAME) + " is unusable (not json"));
    }

    @Test
    void lookingAgainIsSoonWhileARolloutMovesAndNeverOnceItIsOver() throws Exception {
        runningVersion1();
        List<Rollouts.Supervised> entries = List.of(new Rollouts.Supervised(v2(), manifest(v2())));
        step(v2());
        assertThat(rollouts.nextLook(manager.clock().instant(), entries))
                .isEqualTo(manager.clock().instant().plus(Rollouts.TICK));

        gate.set(new RolloutGate.Done(1));
        step(v2());
        installed(SUMS_2, "version: 2\n", "running");
        step(v2());
        assertThat(report().state()).isEqualTo(RolloutState.HEALTHY);
        assertThat(rollouts.nextLook(manager.clock().instant(), entries)).isEqualTo(Instant.MAX);
    }

    @Test
    void eventsSayWhatChangedWithTheWaveAndReason() throws Exception {
        runningVersion1();
        step(v2());
        MachineEvent event = runtime.events().getFirst();
        assertThat(event.text()).isEqualTo("node1 mms_manager rollout of app 222222222222: waiting: waiting for wave 1");
        assertThat(event.subject()).isEqualTo("choria.machine.rollout.transition");
    }
}

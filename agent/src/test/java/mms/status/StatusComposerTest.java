package mms.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.host.ManagerMachine;
import mms.machine.MachineDefinition;
import mms.runtime.MachineSnapshot;
import mms.runtime.WatcherFailure;
import mms.spec.ManagedMachine;
import mms.watcher.SpecificationReport;
import mms.watcher.archive.ArchiveState;
import mms.watcher.archive.ArchiveStateNotification;
import mms.watcher.machines.ManagerManifest;
import org.junit.jupiter.api.Test;

class StatusComposerTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final String SUM_WEB = "a".repeat(64);
    static final String SUM_DB = "b".repeat(64);
    static final String SIGNER = "c".repeat(64);

    /** What each machine directory holds now: the hash of its machine.yaml. */
    final Map<Path, String> installed = new java.util.concurrent.ConcurrentHashMap<>();
    final StatusComposer composer = new StatusComposer("web1", "0.1.0", T0, Duration.ofMinutes(1),
            dir -> Optional.ofNullable(installed.get(dir)));

    static MachineSnapshot manager(String name, String checksum, String instance, String state) {
        ManagedMachine entry = new ManagedMachine(name, "https://repo.example.net/" + name + ".tgz", "", "",
                "d".repeat(64), checksum.toUpperCase(), "", "");
        return new MachineSnapshot(ManagerManifest.PREFIX + name, "1.0.0", state, instance,
                Path.of("/etc/mms/machines/mm_" + name), "manager-manifest",
                ManagerManifest.definition(entry, Duration.ofMinutes(2), Path.of("/etc/mms/machines")), List.of());
    }

    static MachineSnapshot machine(String name, String version, String state, WatcherFailure... failures) {
        return new MachineSnapshot(name, version, state, name + "-instance", Path.of("/etc/mms/machines/" + name),
                "manifest of " + version, new MachineDefinition(name, version, state, List.of(), List.of(), 0),
                List.of(failures));
    }

    static MachineSnapshot builtInManager() {
        MachineDefinition definition = new ManagerMachine("mms_manager", "FLEET", "machines", "watch",
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(2), true, Optional.empty(), "0.1.0")
                .definition();
        return new MachineSnapshot("mms_manager", "0.1.0", "MANAGE", "manager-instance",
                Path.of("/etc/mms/machines/mms_manager"), "built in", definition, List.of());
    }

    static WatcherStateNotification archive(String manager, String instance, ArchiveState outcome,
                                            Optional<String> error, Instant at) {
        return new WatcherStateNotification("web1", instance, "1.0.0", at.getEpochSecond(), "archive", manager,
                "download", new ArchiveStateNotification("https://repo.example.net/x.tgz", "x", outcome, 1, 0,
                error));
    }

    static SpecificationReport applied(String digest, Map<String, String> wanted, Instant at) {
        return new SpecificationReport("mms_manager", "machines", digest, Optional.of(SIGNER), at,
                SpecificationReport.Outcome.APPLIED, Optional.empty(), Optional.of(digest), wanted);
    }

    static SpecificationReport rejected(String digest, String applied, Instant at) {
        return new SpecificationReport("mms_manager", "machines", digest, Optional.empty(), at,
                SpecificationReport.Outcome.REJECTED, Optional.of("not trusted"), Optional.of(applied), Map.of());
    }

    NodeStatus.MachineStatus entry(NodeStatus status, String name) {
        return status.machines().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void foldsEachManagerIntoTheMachineItInstalls() {
        composer.event(archive("mm_web", "mm-web-1", ArchiveState.VERIFIED, Optional.empty(), T0));

        NodeStatus status = composer.compose(List.of(machine("web", "1.2.0", "RUNNING"),
                manager("web", SUM_WEB, "mm-web-1", "MANAGE"), builtInManager()), T0.plusSeconds(5));

        assertThat(status.identity()).isEqualTo("web1");
        assertThat(status.updated()).isEqualTo(T0.plusSeconds(5));
        assertThat(status.machines()).extracting(NodeStatus.MachineStatus::name).containsExactly("mms_manager", "web");
        assertThat(entry(status, "web")).isEqualTo(new NodeStatus.MachineStatus("web", Optional.of("1.2.0"),
                Optional.of("RUNNING"), Optional.of(SUM_WEB), Optional.of("verified"), Optional.of("MANAGE"),
                Optional.empty(), Optional.empty()));
        assertThat(entry(status, "mms_manager").checksum()).isEmpty();
        assertThat(status.specification()).as("managed, nothing decided yet")
                .contains(new NodeStatus.SpecificationStatus("FLEET", "machines", Optional.empty()));
        assertThat(status.machinesOmitted()).isZero();
    }

    @Test
    void aNodeWithoutAManagerFollowsNoSpecification() {
        assertThat(composer.compose(List.of(machine("web", "1.2.0", "RUNNING")), T0).specification()).isEmpty();
    }

    @Test
    void anArchiveOutcomeOfAnEarlierLoadOfTheManagerIsNotItsOutcomeNow() {
        composer.event(archive("mm_web", "mm-web-1", ArchiveState.VERIFIED, Optional.empty(), T0));

        NodeStatus status = composer.compose(List.of(machine("web", "1.2.0", "RUNNING"),
                manager("web", SUM_WEB, "mm-web-2", "MANAGE")), T0);

        assertThat(entry(status, "web").archive()).isEmpty();
        assertThat(entry(status, "web").checksum()).contains(SUM_WEB);
    }

    @Test
    void aDownloadIsReportedOnceTheHostRunsWhatWasInstalled() {
        composer.event(archive("mm_web", "mm-web-1", ArchiveState.DOWNLOADED, Optional.empty(), T0));
        MachineSnapshot manager = manager("web", SUM_WEB, "mm-web-1", "MANAGE");
        installed.put(Path.of("/etc/mms/machines/web"), "manifest of 2.0.0");

        NodeStatus beforeReload = composer.compose(List.of(machine("web", "1.0.0", "RUNNING"), manager), T0);
        NodeStatus afterReload = composer.compose(List.of(machine("web", "2.0.0", "RUNNING"), manager), T0);

        assertThat(entry(beforeReload, "web").archive()).as("the old version still runs").isEmpty();
        assertThat(entry(afterReload, "web").archive()).contains("downloaded");
    }

    @Test
    void aManagedMachineThatFailedToInstallIsListedWithItsReason() {
        composer.event(archive("mm_web", "mm-web-1", ArchiveState.ERROR, Optional.of("http status 404"), T0));

        NodeStatus status = composer.compose(List.of(manager("web", SUM_WEB, "mm-web-1", "MANAGE")), T0.plusSeconds(1));

        assertThat(status.machines()).containsExactly(new NodeStatus.MachineStatus("web", Optional.empty(),
                Optional.empty(), Optional.of(SUM_WEB), Optional.of("error"), Optional.of("MANAGE"),
                Optional.of("http status 404"), Optional.of(T0)));
    }

    @Test
    void aWatcherFailureIsTheErrorWhenTheArchiveIsWell() {
        WatcherFailure older = new WatcherFailure("probe", "java.lang.IllegalStateException: old", T0, 1, T0);
        WatcherFailure newer = new WatcherFailure("check", "java.io.UncheckedIOException: disk", T0.plusSeconds(9), 2, T0);

        NodeStatus status = composer.compose(List.of(machine("web", "1.2.0", "RUNNING", older, newer)), T0.plusSeconds(10));

        assertThat(entry(status, "web").error()).contains("check: java.io.UncheckedIOException: disk");
        assertThat(entry(status, "web").errorTime()).contains(T0.plusSeconds(9));
    }

    @Test
    void reportsTheDecisionWithTheBucketOfTheManagersKvWatcher() {
        composer.decided(applied("9f86", Map.of("web", SUM_WEB), T0));

        NodeStatus status = composer.compose(List.of(builtInManager()), T0.plusSeconds(1));

        assertThat(status.specification()).contains(new NodeStatus.SpecificationStatus("FLEET", "machines",
                Optional.of(new NodeStatus.Decision("9f86", Optional.of(SIGNER), T0, NodeStatus.Outcome.APPLIED,
                        Optional.empty(), Optional.of("9f86")))));
    }

    @Test
    void theSameDecisionAgainKeepsTheTimeItWasFirstMadeSoTheRecordDoesNotChange() {
        composer.decided(applied("9f86", Map.of(), T0));
        NodeStatus first = composer.compose(List.of(builtInManager()), T0.plusSeconds(1));

        composer.decided(applied("9f86", Map.of(), T0.plusSeconds(60)));

        assertThat(composer.compose(List.of(builtInManager()), T0.plusSeconds(61)).withUpdated(first.updated()))
                .isEqualTo(first);
    }

    @Test
    void wantedMachinesWithoutAManagerYetAreListedWithTheirChecksum() {
        composer.decided(applied("9f86", Map.of("web", SUM_WEB, "db", SUM_DB), T0));

        NodeStatus status = composer.compose(List.of(builtInManager(), machine("web", "1.2.0", "RUNNING"),
                manager("web", SUM_WEB, "mm-web-1", "MANAGE")), T0);

        assertThat(entry(status, "db")).isEqualTo(new NodeStatus.MachineStatus("db", Optional.empty(), Optional.empty(),
                Optional.of(SUM_DB), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(entry(status, "web").version()).contains("1.2.0");
    }

    @Test
    void aRejectionKeepsWhatTheNodeRuns() {
        composer.decided(applied("9f86", Map.of("db", SUM_DB), T0));
        composer.decided(rejected("1234", "9f86", T0.plusSeconds(30)));

        NodeStatus status = composer.compose(List.of(builtInManager()), T0.plusSeconds(31));

        assertThat(status.specification().flatMap(NodeStatus.SpecificationStatus::decision)).hasValueSatisfying(d -> {
            assertThat(d.digest()).isEqualTo("1234");
            assertThat(d.outcome()).isEqualTo(NodeStatus.Outcome.REJECTED);
            assertThat(d.reason()).contains("not trusted");
            assertThat(d.appliedDigest()).contains("9f86");
            assertThat(d.seen()).isEqualTo(T0.plusSeconds(30));
        });
        assertThat(entry(status, "db").checksum()).contains(SUM_DB);
    }

    @Test
    void keepsTheBucketOfADecisionAfterItsManagerStopped() {
        composer.decided(applied("9f86", Map.of(), T0));
        composer.compose(List.of(builtInManager()), T0);

        NodeStatus status = composer.compose(List.of(), T0.plusSeconds(1));

        assertThat(status.specification()).hasValueSatisfying(s -> assertThat(s.bucket()).isEqualTo("FLEET"));
    }

    @Test
    void ignoresEventsThatAreNotAManagersArchiveState() {
        composer.event(new TransitionNotification("web1", "i", "1", T0.getEpochSecond(), "mm_web", "x", "A", "B"));
        composer.event(archive("installer", "installer-instance", ArchiveState.ERROR, Optional.of("boom"), T0));

        NodeStatus status = composer.compose(List.of(machine("installer", "1", "idle")), T0);

        assertThat(entry(status, "installer").archive()).isEmpty();
        assertThat(entry(status, "installer").error()).isEmpty();
    }

    @Test
    void listsAtMostTheMostMachinesAFailingOneFirstAndCountsTheRest() {
        List<MachineSnapshot> many = new ArrayList<>();
        for (int i = 0; i < NodeStatus.MAX_MACHINES + 10; i++) {
            many.add(machine("m%03d".formatted(i), "1", "ok"));
        }
        many.add(machine("zz-broken", "1", "ok", new WatcherFailure("w", "boom", T0, 1, T0)));

        NodeStatus status = composer.compose(many, T0);

        assertThat(status.machines()).hasSize(NodeStatus.MAX_MACHINES);
        assertThat(status.machinesOmitted()).isEqualTo(11);
        assertThat(status.machines().getLast().name()).isEqualTo("zz-broken");
        assertThat(status.machines()).isSortedAccordingTo(java.util.Comparator.comparing(NodeStatus.MachineStatus::name));
    }
}

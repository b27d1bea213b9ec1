package mms.watcher.ccmmanifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.event.EventData;
import mms.json.Json;
import mms.watcher.FakeMachine;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ccm_manifest watcher without a CCM engine, on a manual clock. */
class CcmManifestWatcherTest {
    private static final String CANNOT_APPLY = "ERROR cannot apply manifest.yaml manifest: mms has no Choria "
            + "Configuration Management engine";

    @TempDir
    Path dir;

    @BeforeAll
    static void patience() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    private CcmManifestWatcher watcher(Duration interval, Map<String, Object> properties) throws WatcherConfigException {
        return (CcmManifestWatcher) new CcmManifestWatcherFactory().create(
                FakeMachine.settings("apply", "ccm_manifest", List.of("manage"), "unstable", "stable", interval),
                new WatcherProperties("ccm_manifest watcher 'apply'", properties), new MachineInfo("m", "1.0.0", dir));
    }

    private static CcmManifestProperties parse(Map<String, Object> properties) throws WatcherConfigException {
        return CcmManifestProperties.parse(new WatcherProperties("ccm_manifest watcher 'apply'", properties));
    }

    private static List<CcmManifestState> outcomes(FakeMachine.Run run) {
        return run.published().stream().map(s -> ((CcmManifestStateNotification) s).previousOutcome()).toList();
    }

    private void manifest() throws Exception {
        Files.writeString(dir.resolve("manifest.yaml"), """
                ccm:
                  resources:
                    - package:
                        - zsh:
                            ensure: present
                """);
    }

    @Test
    void checksAtOnceAndEveryIntervalReportingErrorWithoutTransition() throws Exception {
        manifest();
        FakeMachine machine = new FakeMachine("m", dir, "manage");
        try (var run = machine.start(watcher(Duration.ofMinutes(5), Map.of("manifest_file", "manifest.yaml")))) {
            await().until(() -> run.published().size() == 1);
            run.awaitParked();
            assertThat(outcomes(run)).containsExactly(CcmManifestState.ERROR);
            assertThat(run.completedRuns()).hasSize(1);

            machine.clock().advance(Duration.ofMinutes(5));
            await().until(() -> run.published().size() == 2);
            run.awaitParked();

            assertThat(run.logText()).filteredOn(l -> l.startsWith("ERROR")).containsExactly(CANNOT_APPLY);
            assertThat(run.logText()).contains("INFO watcher for manifest.yaml manifest starting");
            assertThat(run.successes()).isZero();
            assertThat(run.failures()).isZero();
            assertThat(machine.transitions()).isEmpty();
        }
    }

    @Test
    void aMissingManifestIsTheOriginalsErrorWithItsFailureTransition() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "manage");
        try (var run = machine.start(watcher(Duration.ofMinutes(5), Map.of("manifest_file", "manifests/manifest.yaml")))) {
            await().until(() -> run.failures() == 1);

            assertThat(outcomes(run)).containsExactly(CcmManifestState.ERROR);
            assertThat(run.logText()).contains("ERROR invalid manifest file: " + dir.resolve("manifest.yaml")
                    + " does not exist");
            assertThat(machine.transitions()).containsExactly("unstable");
        }
    }

    @Test
    void aManifestThatIsNotYamlIsAnError() throws Exception {
        Files.writeString(dir.resolve("manifest.yaml"), "ccm: [unclosed");
        FakeMachine machine = new FakeMachine("m", dir, "manage");
        try (var run = machine.start(watcher(Duration.ofMinutes(5), Map.of("manifest_file", "manifest.yaml")))) {
            await().until(() -> run.failures() == 1);

            assertThat(run.logText()).anyMatch(l -> l.startsWith("ERROR invalid manifest file: "
                    + dir.resolve("manifest.yaml") + " is not YAML: "));
        }
    }

    @Test
    void withoutIntervalItChecksOnStateChangesOnly() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "idle");
        try (var run = machine.start(watcher(Duration.ZERO, Map.of("manifest", Map.of("ccm", Map.of()))))) {
            run.wakeupAndSettle();
            machine.clock().advance(Duration.ofHours(1));
            run.wakeupAndSettle();
            assertThat(run.published()).isEmpty();
            assertThat(run.watcherState()).isEqualTo(new CcmManifestStateNotification(CcmManifestState.SKIPPED, 0));

            machine.state("manage");
            await().until(() -> run.published().size() == 1);

            assertThat(run.logText()).contains("INFO watcher for embedded manifest starting",
                    "ERROR cannot apply embedded manifest: mms has no Choria Configuration Management engine");
            assertThat(run.failures()).isZero();
        }
    }

    @Test
    void splayDelaysTheFirstCheckByUpToThirtySeconds() throws Exception {
        manifest();
        FakeMachine machine = new FakeMachine("m", dir, "manage");
        try (var run = machine.start(watcher(Duration.ofMinutes(5), Map.of("manifest_file", "manifest.yaml",
                "splay", true)))) {
            await().until(() -> run.logText().stream().anyMatch(l -> l.startsWith("INFO performing initial execution after ")));
            run.awaitParked();
            assertThat(run.published()).isEmpty();

            machine.clock().advance(Duration.ofSeconds(30));

            await().until(() -> run.published().size() == 1);
        }
    }

    @Test
    void loadingWarnsThatManifestsAreNotApplied() throws Exception {
        WatcherProperties file = new WatcherProperties("ccm_manifest watcher 'apply'", Map.of("manifest_file", "m.yaml"));
        WatcherProperties embedded = new WatcherProperties("ccm_manifest watcher 'apply'",
                Map.of("manifest", Map.of("ccm", Map.of())));
        new CcmManifestWatcherFactory().create(FakeMachine.settings("apply", "ccm_manifest", List.of(), "", "",
                Duration.ZERO), file, new MachineInfo("m", "1.0.0", dir));
        new CcmManifestWatcherFactory().create(FakeMachine.settings("apply", "ccm_manifest", List.of(), "", "",
                Duration.ZERO), embedded, new MachineInfo("m", "1.0.0", dir));

        assertThat(file.warnings()).containsExactly("property 'manifest_file' of ccm_manifest watcher 'apply': "
                + "'m.yaml' is not applied: mms has no Choria Configuration Management engine; each check reports "
                + "error without firing a transition");
        assertThat(embedded.warnings()).singleElement().asString()
                .startsWith("property 'manifest' of ccm_manifest watcher 'apply': 'embedded' is not applied: ");
    }

    @Test
    void propertiesHaveTheOriginalsDefaults() throws Exception {
        assertThat(parse(Map.of("manifest_file", "m.yaml"))).isEqualTo(new CcmManifestProperties("m.yaml", Map.of(),
                false, false, Optional.empty(), Duration.ZERO, false, Duration.ofMinutes(1)));
        assertThat(parse(Map.of("manifest_file", "m.yaml", "governor", "ccm", "noop", true, "timeout", "30s")))
                .isEqualTo(new CcmManifestProperties("m.yaml", Map.of(), true, false, Optional.of("ccm"),
                        Duration.ofMinutes(5), false, Duration.ofSeconds(30)));
    }

    @Test
    void rejectsWhatTheOriginalRejects() {
        assertThatThrownBy(() -> parse(Map.of())).isInstanceOf(WatcherConfigException.class)
                .hasMessage("property 'manifest_file' or 'manifest' of ccm_manifest watcher 'apply' is required: "
                        + "the file or the embedded manifest to apply");
        assertThatThrownBy(() -> parse(Map.of("manifest", Map.of())))
                .hasMessageStartingWith("property 'manifest_file' or 'manifest' of ccm_manifest watcher 'apply' is required");
        assertThatThrownBy(() -> parse(Map.of("manifest_file", "m.yaml", "noop", true, "healthcheck_only", true)))
                .hasMessage("property 'healthcheck_only' of ccm_manifest watcher 'apply': 'true' cannot be combined "
                        + "with noop: a manifest runs in noop mode or only its health checks, not both");
        assertThatThrownBy(() -> watcher(Duration.ofMillis(100), Map.of("manifest_file", "m.yaml")))
                .hasMessage("interval of ccm_manifest watcher 'apply': 100ms is too small, minimum is 500ms");
        assertThatThrownBy(() -> parse(Map.of("manifest_file", "m.yaml", "timeout", "-1s")))
                .hasMessage("property 'timeout' of ccm_manifest watcher 'apply': '-1s' is negative");
    }

    @Test
    void notificationIsTheOriginalsJsonAndText() throws Exception {
        var n = new CcmManifestStateNotification(CcmManifestState.ERROR, 1_500_000_000L);
        var data = Json.object();
        n.writeTo(data);

        assertThat(Json.write(data)).isEqualTo("{\"previous_outcome\":\"error\",\"previous_run_time\":1500000000}");
        assertThat(n.text("node", "m", "apply")).isEqualTo("node m#apply previous: error ran: 1.500s");
        assertThat(CcmManifestStateNotification.read(new EventData(data, "p"))).isEqualTo(n);
    }
}

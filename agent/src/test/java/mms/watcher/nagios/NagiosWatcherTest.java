package mms.watcher.nagios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.EventData;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.watcher.AgentHealth;
import mms.watcher.FakeMachine;
import mms.watcher.GaugeSink;
import mms.watcher.MachineInfo;
import mms.watcher.Monitoring;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NagiosWatcherTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void patience() {
        // the build machine is shared and loaded: conditions get time, never sleeps
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        // many short checks in a row: look often rather than wait a tenth of a second each time
        Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    }

    @AfterAll
    static void politeness() {
        Awaitility.setDefaultPollInterval(Duration.ofMillis(100)); // Awaitility's default, for the classes after
    }

    private NagiosWatcher nagios(List<String> states, Duration interval, Map<String, Object> props)
            throws WatcherConfigException {
        WatcherSettings settings = FakeMachine.settings("check", "nagios", states, "", "", interval);
        return (NagiosWatcher) new NagiosWatcherFactory().create(settings,
                new WatcherProperties("nagios watcher 'check'", props), new MachineInfo("nagios", "1.0.0", dir));
    }

    private NagiosWatcher nagios(Map<String, Object> props) throws WatcherConfigException {
        return nagios(List.of(), Duration.ZERO, props);
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A machine whose monitoring writes text files into {@code textfiles} and reads {@code overrides}. */
    private FakeMachine machine(Optional<Path> textfiles, Optional<Path> overrides) {
        return new FakeMachine("nagios", dir, "UNKNOWN").services(WatcherServices.NONE.withMonitoring(
                new Monitoring(textfiles, overrides, AgentHealth.NONE, GaugeSink.NONE)));
    }

    private FakeMachine machine() {
        return machine(Optional.empty(), Optional.empty());
    }

    private static NagiosStateNotification state(FakeMachine.Run run) {
        return (NagiosStateNotification) run.watcherState();
    }

    /** Enters FORCE_CHECK and waits until the check it forces has been published. */
    private static NagiosStateNotification force(FakeMachine machine, FakeMachine.Run run) {
        run.awaitParked();
        int before = run.published().size();
        machine.state(NagiosWatcher.FORCE_CHECK);
        await().until(() -> run.published().size() > before);
        run.awaitParked();
        return (NagiosStateNotification) run.lastPublished();
    }

    /** The first check's delay, as the watcher logged it. */
    private static Duration splay(FakeMachine.Run run) throws Exception {
        await().until(() -> run.logText().stream().anyMatch(l -> l.startsWith("INFO Splaying first check by ")));
        String line = run.logText().stream().filter(l -> l.startsWith("INFO Splaying first check by ")).findFirst()
                .orElseThrow();
        return GoDuration.parse(line.substring("INFO Splaying first check by ".length()));
    }

    /** Moves the clock to (or past) the watcher's next tick and waits until it has handled it. */
    private static void advance(FakeMachine machine, FakeMachine.Run run, Duration by) {
        run.awaitParked();
        int before = run.awaits();
        machine.clock().advance(by);
        await().until(() -> run.awaits() > before || run.ended());
        run.awaitParked();
    }

    @Test
    void requiresExactlyOneOfPluginAndBuiltinAndWhatEachBuiltinNeeds() {
        assertThatThrownBy(() -> nagios(Map.of()))
                .hasMessage("properties of nagios watcher 'check': plugin or builtin is required");
        assertThatThrownBy(() -> nagios(Map.of("plugin", "cmd", "builtin", "goss")))
                .hasMessage("properties of nagios watcher 'check': cannot set plugin and builtin");
        assertThatThrownBy(() -> nagios(Map.of("builtin", "goss")))
                .hasMessage("properties of nagios watcher 'check': gossfile property is required for the goss builtin check");
        assertThatThrownBy(() -> nagios(Map.of("builtin", "choria_status")))
                .hasMessage("properties of nagios watcher 'check': last_message property is required for the"
                        + " choria_status builtin check");
        assertThatThrownBy(() -> nagios(Map.of("builtin", "telepathy")))
                .hasMessage("property 'builtin' of nagios watcher 'check': 'telepathy' is an unsupported builtin, known"
                        + " are heartbeat, goss and choria_status");
        assertThatThrownBy(() -> nagios(List.of(), Duration.ofMillis(100), Map.of("builtin", "heartbeat")))
                .hasMessage("interval of nagios watcher 'check': 100ms is too small, minimum is 500ms");
    }

    @Test
    void parsesTheOriginalsProperties() throws Exception {
        NagiosProperties plugin = nagios(Map.of("annotations", Map.of("a2", "v2", "a1", "v1"), "plugin", "cmd",
                "timeout", "5s")).properties();
        assertThat(plugin.annotations()).containsExactly(Map.entry("a1", "v1"), Map.entry("a2", "v2"));
        assertThat(plugin.plugin()).contains("cmd");
        assertThat(plugin.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plugin.builtin()).isEmpty();
        assertThat(nagios(Map.of("plugin", "cmd")).properties().timeout()).isEqualTo(Duration.ofSeconds(1));

        NagiosProperties goss = nagios(Map.of("builtin", "goss", "gossFile", "checks/goss.yaml")).properties();
        assertThat(goss.gossfile()).contains(dir.resolve("checks/goss.yaml"));
        assertThat(goss.timeout()).isEqualTo(Duration.ofMinutes(1));

        NagiosProperties status = nagios(Map.of("builtin", "choria_status", "last_message", "1h",
                "token_expire", "1d", "pubcert_expire", "48h")).properties();
        assertThat(status.builtin()).contains(NagiosProperties.Builtin.CHORIA_STATUS);
        assertThat(status.lastMessage()).isEqualTo(Duration.ofHours(1));
        assertThat(status.tokenExpire()).isEqualTo(Duration.ofDays(1));
        assertThat(status.pubcertExpire()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void exitCodesAreStatusesAndTheMachineIsSentTheTransitionNamedAfterThem() throws Exception {
        script("check.sh", "echo \"$1: checked|load=$1.5;1;2\"\nexit $1");
        FakeMachine machine = machine();
        Map<String, NagiosStatus> expected = Map.of("0", NagiosStatus.OK, "1", NagiosStatus.WARNING,
                "2", NagiosStatus.CRITICAL, "3", NagiosStatus.UNKNOWN, "7", NagiosStatus.UNKNOWN);
        for (var exit : List.of("0", "1", "2", "3", "7")) {
            try (var run = machine.start(nagios(Map.of("plugin", "./check.sh " + exit)))) {
                NagiosStateNotification checked = force(machine, run);

                assertThat(checked.status()).as("exit " + exit).isEqualTo(expected.get(exit));
                assertThat(checked.output()).isEqualTo(exit + ": checked|load=" + exit + ".5;1;2");
                assertThat(checked.plugin()).isEqualTo("./check.sh " + exit);
                assertThat(checked.perfdata()).containsExactly(new PerfData("", "load", Double.parseDouble(exit + ".5")));
                assertThat(checked.checkTime()).contains(machine.clock().instant());
                assertThat(run.completedRuns()).hasSize(1);
            }
        }
        assertThat(machine.transitions()).containsExactly("OK", "WARNING", "CRITICAL", "UNKNOWN", "UNKNOWN");
    }

    @Test
    void aPluginThatCannotRunOrRunsTooLongIsUnknownAndSaysWhy() throws Exception {
        script("slow.sh", "sleep 30");
        FakeMachine machine = machine();
        try (var run = machine.start(nagios(Map.of("plugin", "no-such-plugin")))) {
            NagiosStateNotification checked = force(machine, run);
            assertThat(checked.status()).isEqualTo(NagiosStatus.UNKNOWN);
            assertThat(checked.output()).startsWith("UNKNOWN: command 'no-such-plugin' was not found in the agent's PATH ");
        }
        try (var run = machine.start(nagios(Map.of("plugin", "./slow.sh", "timeout", "200ms")))) {
            NagiosStateNotification checked = force(machine, run);
            assertThat(checked.status()).isEqualTo(NagiosStatus.UNKNOWN);
            assertThat(checked.output()).isEqualTo("UNKNOWN: ./slow.sh timed out after 200ms");
        }
    }

    @Test
    void checksFirstAfterARandomSplayBelowTheIntervalThenEveryInterval() throws Exception {
        script("check.sh", "echo OK");
        FakeMachine machine = machine();
        Duration interval = Duration.ofSeconds(10);
        try (var run = machine.start(nagios(List.of(), interval, Map.of("plugin", "./check.sh")))) {
            Duration splay = splay(run);
            assertThat(splay).isLessThan(interval).isGreaterThanOrEqualTo(Duration.ZERO);
            run.awaitParked();
            assertThat(run.published()).isEmpty();

            advance(machine, run, splay);
            assertThat(run.published()).hasSize(1);
            advance(machine, run, interval);
            assertThat(run.published()).hasSize(2);
        }
    }

    @Test
    void aCheckSoonerThanTheIntervalAfterAForcedOneIsSkipped() throws Exception {
        script("check.sh", "echo OK");
        FakeMachine machine = machine();
        Duration interval = Duration.ofSeconds(10);
        try (var run = machine.start(nagios(List.of(), interval, Map.of("plugin", "./check.sh")))) {
            advance(machine, run, splay(run));
            assertThat(run.published()).hasSize(1);
            machine.clock().advance(Duration.ofSeconds(5)); // halfway to the next tick
            force(machine, run);
            assertThat(run.published()).hasSize(2);

            advance(machine, run, Duration.ofSeconds(5));
            assertThat(run.published()).as("5s after the forced check").hasSize(2);
            assertThat(run.logText()).anyMatch(l -> l.startsWith("DEBUG Skipping check due to previous check being 5s"));
            advance(machine, run, interval);
            assertThat(run.published()).hasSize(3);
        }
    }

    @Test
    void forceCheckRunsOutsideStateMatchButTicksDoNot() throws Exception {
        script("check.sh", "echo OK");
        FakeMachine machine = machine();
        try (var run = machine.start(nagios(List.of("OK"), Duration.ofSeconds(10), Map.of("plugin", "./check.sh")))) {
            advance(machine, run, Duration.ofSeconds(10));
            assertThat(run.published()).isEmpty();
            assertThat(force(machine, run).status()).isEqualTo(NagiosStatus.OK);
            assertThat(machine.transitions()).containsExactly("OK");
        }
    }

    @Test
    void aStateNamedAfterAStatusBecomesTheStatusWithoutACheck() throws Exception {
        Path textfiles = Files.createDirectory(dir.resolve("textfiles"));
        FakeMachine machine = machine(Optional.of(textfiles), Optional.empty());
        try (var run = machine.start(nagios(Map.of("plugin", "./check.sh")))) {
            run.awaitParked();
            assertThat(state(run).status()).isEqualTo(NagiosStatus.NOTCHECKED);
            run.awaitParked();
            machine.state("CRITICAL");
            await().until(() -> state(run).status() == NagiosStatus.CRITICAL);
            machine.state("maintenance");
            run.wakeupAndSettle();

            assertThat(state(run).status()).isEqualTo(NagiosStatus.CRITICAL);
            assertThat(run.published()).isEmpty();
            assertThat(Files.readString(textfiles.resolve(NagiosTextFile.NAME)))
                    .contains("choria_machine_nagios_watcher_status{name=\"nagios\",status=\"CRITICAL\"} 2\n");
        }
    }

    @Test
    void historyKeepsTheLastFifteenChecks() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(nagios(Map.of("builtin", "heartbeat")))) {
            for (int i = 0; i < 16; i++) {
                force(machine, run);
                machine.clock().advance(Duration.ofSeconds(1));
            }
            List<Execution> history = state(run).history();
            assertThat(history).hasSize(NagiosWatcher.HISTORY);
            assertThat(history.getFirst().executed()).isEqualTo(Instant.parse("2024-05-01T10:00:01Z"));
            assertThat(history.getLast().executed()).isEqualTo(Instant.parse("2024-05-01T10:00:15Z"));
            assertThat(history).allSatisfy(e -> assertThat(e.status()).isEqualTo(NagiosStatus.OK));
        }
    }

    @Test
    void pluginCommandsReadTheScoutOverridesWithO() throws Exception {
        script("check_load.sh", "echo \"OK: warn $1 crit $2\"");
        Path overrides = Files.writeString(dir.resolve("overrides.json"), "{\"nagios\":{\"warn\":80,\"other\":{\"x\":1}}}");
        FakeMachine machine = machine(Optional.empty(), Optional.of(overrides));
        try (var run = machine.start(nagios(Map.of("plugin",
                "./check_load.sh {{ o \"warn\" 10 }} {{ o \"crit\" 20 }}")))) {
            assertThat(force(machine, run).output()).isEqualTo("OK: warn 80 crit 20");
            assertThat(state(run).plugin()).isEqualTo("./check_load.sh 80 20");
        }
    }

    @Test
    void heartbeatIsAlwaysOkWithTheTime() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(nagios(Map.of("builtin", "heartbeat")))) {
            NagiosStateNotification checked = force(machine, run);
            assertThat(checked.status()).isEqualTo(NagiosStatus.OK);
            assertThat(checked.output()).isEqualTo(Long.toString(machine.clock().instant().getEpochSecond()));
            assertThat(checked.plugin()).isEqualTo("heartbeat");
        }
    }

    @Test
    void gossRunsTheGossProgramWithTheGossfileAndOverridesAsVariables() throws Exception {
        Path overrides = Files.writeString(dir.resolve("overrides.json"), "{}");
        Files.writeString(dir.resolve("goss.yaml"), "file: {}\n");
        script("goss", "echo \"$@\" > goss.args\n"
                + "echo '{\"results\":[],\"summary\":{\"failed-count\":1,\"test-count\":3,\"total-duration\":12500000},"
                + "\"summary-line\":\"Count: 3, Failed: 1, Duration: 0.013s\"}'");
        FakeMachine machine = machine(Optional.empty(), Optional.of(overrides));
        try (var run = machine.start(nagios(Map.of("builtin", "goss", "gossfile", "goss.yaml")))) {
            NagiosStateNotification checked = force(machine, run);

            assertThat(checked.status()).isEqualTo(NagiosStatus.CRITICAL);
            assertThat(checked.output()).isEqualTo("CRITICAL: Count: 3, Failed: 1, Duration: 0.013s|checks=3;; failed=1;;"
                    + " runtime=0.012500s");
            assertThat(checked.perfdata()).containsExactly(new PerfData("", "checks", 3), new PerfData("", "failed", 1),
                    new PerfData("s", "runtime", 0.0125));
            assertThat(Files.readString(dir.resolve("goss.args")).strip()).isEqualTo("--gossfile " + dir.resolve("goss.yaml")
                    + " --vars " + overrides + " validate --format structured --max-concurrent 1");
        }
    }

    @Test
    void gossWithoutAGossProgramIsUnknownAndSaysSo() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(nagios(Map.of("builtin", "goss", "gossfile", "goss.yaml")))) {
            NagiosStateNotification checked = force(machine, run);
            assertThat(checked.status()).isEqualTo(NagiosStatus.UNKNOWN);
            assertThat(checked.output()).startsWith("UNKNOWN: goss is not installed: no goss program in PATH ");
        }
    }

    @Test
    void gossReportsThatAreNoReportsAreUnknown() {
        assertThat(GossCheck.report("panic: bad gossfile")).isEqualTo(new CheckResult(NagiosStatus.UNKNOWN,
                "UNKNOWN: goss output invalid: no report in panic: bad gossfile"));
        assertThat(GossCheck.report("{\"results\":[]}").output()).startsWith("UNKNOWN: goss output invalid: no summary");
        assertThat(GossCheck.report("{\"summary\":{\"failed-count\":0,\"test-count\":2,\"total-duration\":1000000000},"
                + "\"summary-line\":\"Count: 2, Failed: 0, Duration: 1.000s\"}")).isEqualTo(new CheckResult(NagiosStatus.OK,
                "OK: Count: 2, Failed: 0, Duration: 1.000s|checks=2;; failed=0;; runtime=1.000000s"));
    }

    @Test
    void choriaStatusAsksTheAgentsHealth() throws Exception {
        FakeMachine machine = new FakeMachine("nagios", dir, "UNKNOWN");
        Instant now = machine.clock().instant();
        AgentHealth health = () -> Optional.of(new AgentHealth.Report(now.minusSeconds(60), Duration.ofMinutes(1),
                Optional.of(now.minusSeconds(10)), false, Optional.empty(), Optional.empty(), 2, Optional.empty()));
        machine.services(WatcherServices.NONE.withMonitoring(new Monitoring(Optional.empty(), Optional.empty(), health,
                GaugeSink.NONE)));
        try (var run = machine.start(nagios(Map.of("builtin", "choria_status", "last_message", "1h")))) {
            NagiosStateNotification checked = force(machine, run);
            assertThat(checked.status()).isEqualTo(NagiosStatus.CRITICAL);
            assertThat(checked.output()).startsWith("CRITICAL: Not connected to any server");
            assertThat(checked.perfdata()).extracting(PerfData::label).containsExactly("uptime", "last_msg",
                    "cert_expire_seconds", "token_expire_seconds", "machines");
        }
    }

    @Test
    void writesTheOriginalsPrometheusTextFileAndForgetsTheMachineWhenItStops() throws Exception {
        Path textfiles = Files.createDirectory(dir.resolve("textfiles"));
        script("check.sh", "echo WARN; exit 1");
        FakeMachine machine = machine(Optional.of(textfiles), Optional.empty());
        Path file = textfiles.resolve(NagiosTextFile.NAME);
        long start = machine.clock().instant().getEpochSecond();
        NagiosWatcher watcher = nagios(Map.of("plugin", "./check.sh"));
        try (var run = machine.start(watcher)) {
            await().until(() -> Files.exists(file));
            machine.clock().advance(Duration.ofSeconds(5));
            force(machine, run);

            assertThat(Files.readString(file)).isEqualTo("""
                    # HELP choria_machine_nagios_start_time Time the Choria Machine subsystem started in unix seconds
                    # TYPE choria_machine_nagios_start_time gauge
                    choria_machine_nagios_start_time %d
                    # HELP choria_machine_nagios_watcher_status Choria Nagios Check Status
                    # TYPE choria_machine_nagios_watcher_status gauge
                    choria_machine_nagios_watcher_status{name="nagios",status="WARNING"} 1
                    # HELP choria_machine_nagios_watcher_last_run_seconds Choria Nagios Check Time
                    # TYPE choria_machine_nagios_watcher_last_run_seconds gauge
                    choria_machine_nagios_watcher_last_run_seconds{name="nagios"} %d
                    # HELP choria_machine_nagios_watcher_checks_count Choria Nagios Check Count
                    # TYPE choria_machine_nagios_watcher_checks_count counter
                    choria_machine_nagios_watcher_checks_count{name="nagios"} 2
                    """.formatted(start, start + 5));
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        }
        watcher.close(); // as the runtime does once the loop ended

        assertThat(Files.readString(file)).doesNotContain("name=\"nagios\"")
                .contains("# HELP choria_machine_nagios_watcher_status Choria Nagios Check Status");
        assertThat(textfiles).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void theNotificationIsTheOriginalsAndReadsBack() throws Exception {
        Instant checked = Instant.ofEpochSecond(1606924953);
        var state = new NagiosStateNotification("/bin/sh", NagiosStatus.OK, "OK: ginkgo", Optional.of(checked), List.of(),
                Duration.ofMillis(500), List.of(), Map.of());
        var event = new WatcherStateNotification("ginkgo", "1234567890", "1.0.0", 1606924953L, "nagios", "nagios",
                "ginkgo", state);

        assertThat(Json.write(event.data())).isEqualTo("{\"protocol\":\"io.choria.machine.watcher.nagios.v1.state\","
                + "\"identity\":\"ginkgo\",\"id\":\"1234567890\",\"version\":\"1.0.0\",\"timestamp\":1606924953,"
                + "\"type\":\"nagios\",\"machine\":\"nagios\",\"name\":\"ginkgo\",\"plugin\":\"/bin/sh\",\"status\":\"OK\","
                + "\"status_code\":0,\"output\":\"OK: ginkgo\",\"check_time\":1606924953,\"perfdata\":null,\"runtime\":0.5,"
                + "\"history\":[],\"annotations\":{}}");
        assertThat(event.text()).isEqualTo("ginkgo nagios#ginkgo OK: OK: ginkgo");
        assertThat(NagiosStateNotification.read(new EventData(event.data(), event.protocol()))).isEqualTo(state);
    }

    @Test
    void aFullNotificationReadsBackAsWritten() throws Exception {
        List<PerfData> perf = List.of(new PerfData("s", "time", 1.5), new PerfData("", "n", 2));
        var state = new NagiosStateNotification("check_x -w 1", NagiosStatus.CRITICAL, "CRIT", Optional.of(Instant.ofEpochSecond(10)),
                perf, Duration.ofMillis(1250), List.of(new Execution(Instant.parse("2024-05-01T10:00:00.25Z"),
                NagiosStatus.OK, List.of()), new Execution(Instant.ofEpochSecond(10), NagiosStatus.CRITICAL, perf)),
                new HashMap<>(Map.of("team", "web")));
        var event = new WatcherStateNotification("n", "i", "1", 10, "nagios", "m", "w", state);

        assertThat(Json.write(event.data())).contains("\"perfdata\":[{\"unit\":\"s\",\"label\":\"time\",\"value\":1.5},"
                + "{\"unit\":\"\",\"label\":\"n\",\"value\":2}]").contains("\"history\":[{\"execute\":\"2024-05-01T10:00:00.25Z\","
                + "\"status\":0},{\"execute\":\"1970-01-01T00:00:10Z\",\"status\":2,\"perfdata\":[");
        assertThat(NagiosStateNotification.read(new EventData(event.data(), event.protocol()))).isEqualTo(state);
        var never = new NagiosStateNotification("", NagiosStatus.NOTCHECKED, "", Optional.empty(), List.of(), Duration.ZERO,
                List.of(), Map.of());
        assertThat(Json.write(new WatcherStateNotification("n", "i", "1", 10, "nagios", "m", "w", never).data()))
                .contains("\"status\":\"NOTCHECKED\",\"status_code\":5,\"output\":\"\",\"check_time\":-62135596800,");
    }
}

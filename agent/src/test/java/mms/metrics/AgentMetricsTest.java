package mms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mms.event.TransitionNotification;
import mms.event.WatcherState;
import mms.event.WatcherStateNotification;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventType;
import mms.kv.StoreState;
import mms.machine.MachineDefinition;
import mms.runtime.MachineSnapshot;
import mms.watcher.GaugeSink;
import mms.watcher.archive.ArchiveState;
import mms.watcher.archive.ArchiveStateNotification;
import mms.watcher.exec.ExecState;
import mms.watcher.exec.ExecStateNotification;
import mms.watcher.machines.MachinesState;
import mms.watcher.machines.MachinesStateNotification;
import mms.watcher.plugins.PluginsStateNotification;
import mms.watcher.timer.TimerState;
import mms.watcher.timer.TimerStateNotification;
import org.junit.jupiter.api.Test;

/** What the agent's metrics make of its machines' events and runs, read back as Prometheus text. */
class AgentMetricsTest {
    final List<MachineSnapshot> machines = new CopyOnWriteArrayList<>();
    final AtomicReference<StoreState> store = new AtomicReference<>(StoreState.NOT_OPEN);
    final AgentMetrics metrics = new AgentMetrics("1.2.3");

    PrometheusText scrape() {
        return PrometheusText.parse(new String(metrics.scrape(machines, store.get()), StandardCharsets.UTF_8));
    }

    static WatcherStateNotification run(String machine, String watcher, String type, WatcherState state) {
        return new WatcherStateNotification("node1", "id", "1.0.0", 0, type, machine, watcher, state);
    }

    static TransitionNotification transition(String machine, String from, String to) {
        return new TransitionNotification("node1", "id", "1.0.0", 0, machine, "go", from, to);
    }

    @Test
    void countsTransitionsByMachine() {
        metrics.publish(transition("web", "unknown", "healthy"));
        metrics.publish(transition("web", "healthy", "failing"));
        metrics.publish(transition("db", "a", "b"));

        PrometheusText text = scrape();

        assertThat(text.value("mms_machine_transitions_total", Map.of("machine", "web"))).contains(2.0);
        assertThat(text.value("mms_machine_transitions_total", Map.of("machine", "db"))).contains(1.0);
    }

    @Test
    void countsEveryRunByOutcomeAndTimesThoseThatMeasureIt() {
        metrics.ran(run("web", "probe", "exec", new ExecStateNotification("./check", ExecState.SUCCESS, 20_000_000)));
        metrics.ran(run("web", "probe", "exec", new ExecStateNotification("./check", ExecState.SUCCESS, 30_000_000)));
        metrics.ran(run("web", "probe", "exec", new ExecStateNotification("./check", ExecState.ERROR, 2_000_000_000)));

        PrometheusText text = scrape();

        Map<String, String> probe = Map.of("machine", "web", "watcher", "probe", "type", "exec");
        assertThat(text.value("mms_watcher_runs_total", with(probe, "outcome", "success"))).contains(2.0);
        assertThat(text.value("mms_watcher_runs_total", with(probe, "outcome", "error"))).contains(1.0);
        assertThat(text.value("mms_watcher_run_duration_seconds_count", probe)).contains(3.0);
        assertThat(text.value("mms_watcher_run_duration_seconds_sum", probe).orElseThrow()).isCloseTo(2.05, within(1e-9));
        assertThat(text.value("mms_watcher_run_duration_seconds_bucket", with(probe, "le", "0.05"))).contains(2.0);
    }

    @Test
    void publishedStatesAreNotRunsAndTypesWithoutRunsAreNotCounted() {
        metrics.publish(run("web", "probe", "exec", new ExecStateNotification("./check", ExecState.SUCCESS, 1)));
        metrics.ran(run("web", "later", "timer", new TimerStateNotification(TimerState.RUNNING, Duration.ofMinutes(1))));

        assertThat(scrape().samples("mms_watcher_runs_total")).isEmpty();
    }

    @Test
    void countsArchiveDownloadsTheirBytesAndFailures() {
        metrics.ran(run("mm_web", "download", "archive", archive(ArchiveState.DOWNLOADED, 1_000)));
        metrics.ran(run("mm_web", "download", "archive", archive(ArchiveState.VERIFIED, 0)));
        metrics.ran(run("mm_web", "download", "archive", archive(ArchiveState.DOWNLOADED, 2_500)));
        metrics.ran(run("mm_web", "download", "archive", archive(ArchiveState.ERROR, 0)));
        metrics.ran(run("mm_web", "download", "archive", archive(ArchiveState.VERIFY_FAILED, 0)));

        PrometheusText text = scrape();

        Map<String, String> download = Map.of("machine", "mm_web", "watcher", "download");
        assertThat(text.value("mms_archive_downloads_total", download)).contains(2.0);
        assertThat(text.value("mms_archive_downloaded_bytes_total", download)).contains(3_500.0);
        assertThat(text.value("mms_archive_failures_total", download)).contains(2.0);
        assertThat(text.value("mms_watcher_runs_total", with(download, "outcome", "verified"))).contains(1.0);
    }

    @Test
    void tellsRejectedSpecificationsFromChecksThatCouldNotRun() {
        metrics.ran(run("mms_manager", "manage", "machines", new MachinesStateNotification(List.of(), MachinesState.ERROR, 1)));
        metrics.ran(run("mms_manager", "manage", "machines", new MachinesStateNotification(List.of("web"), MachinesState.UPDATED, 1)));
        metrics.ran(run("mms_manager", "manage", "machines", new MachinesStateNotification(List.of("web"), MachinesState.UNCHANGED, 1)));
        metrics.ran(run("mms_manager", "manage", "machines",
                new MachinesStateNotification(List.of("web"), MachinesState.ERROR, 1, true)));

        PrometheusText text = scrape();

        Map<String, String> manager = Map.of("machine", "mms_manager", "watcher", "manage");
        for (String outcome : List.of("error", "updated", "unchanged", "rejected")) {
            assertThat(text.value("mms_specification_checks_total", with(manager, "outcome", outcome))).as(outcome).contains(1.0);
        }
    }

    @Test
    void countsThePluginsWatchersChecksAsSpecificationChecks() {
        metrics.ran(run("plugins_manager", "manage_machines", "plugins",
                new PluginsStateNotification(List.of("facts"), MachinesState.UPDATED, 1, false)));
        metrics.ran(run("plugins_manager", "manage_machines", "plugins",
                new PluginsStateNotification(List.of(), MachinesState.ERROR, 1, true)));

        PrometheusText text = scrape();

        Map<String, String> manager = Map.of("machine", "plugins_manager", "watcher", "manage_machines");
        for (String outcome : List.of("updated", "rejected")) {
            assertThat(text.value("mms_specification_checks_total", with(manager, "outcome", outcome))).as(outcome).contains(1.0);
        }
    }

    @Test
    void countsGovernorWaitsAndTheSlotsHeld() {
        var governor = metrics.governorEvents();
        governor.publish(governorEvent(GovernorEventType.ENTER, "downloads"));
        governor.publish(governorEvent(GovernorEventType.ENTER, "downloads"));
        governor.publish(governorEvent(GovernorEventType.EXIT, "downloads"));
        governor.publish(governorEvent(GovernorEventType.TIMEOUTS, "downloads"));

        PrometheusText text = scrape();

        assertThat(text.value("mms_governor_waits_total", Map.of("governor", "downloads", "outcome", "obtained"))).contains(2.0);
        assertThat(text.value("mms_governor_waits_total", Map.of("governor", "downloads", "outcome", "timeout"))).contains(1.0);
        assertThat(text.value("mms_governor_slots_held", Map.of("governor", "downloads"))).contains(1.0);
    }

    @Test
    void reportsTheMachinesAndTheStoreOfEachScrape() {
        machines.add(running("web", "1.0.0", "healthy"));
        machines.add(running("db", "2.0.0", "idle"));
        PrometheusText before = scrape();
        assertThat(before.value("mms_machine_state", Map.of("machine", "web", "state", "healthy"))).contains(1.0);
        assertThat(before.value("mms_machine_info", Map.of("machine", "db", "version", "2.0.0"))).contains(1.0);
        assertThat(before.value("mms_store_connected", Map.of())).contains(0.0);

        machines.clear();
        machines.add(running("web", "1.0.0", "failing"));
        machines.add(running("web", "1.0.0", "a second machine of that name"));
        store.set(StoreState.CONNECTED);
        PrometheusText after = scrape();

        assertThat(after.samples("mms_machine_state")).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("machine", "web").containsEntry("state", "failing"));
        assertThat(after.value("mms_store_connected", Map.of())).contains(1.0);
    }

    @Test
    void everyAgentMetricHasHelpTextAndTheJvmIsIncluded() {
        // a family without series is not written at all: give each one
        machines.add(running("web", "1.0.0", "healthy"));
        metrics.publish(transition("web", "a", "b"));
        metrics.ran(run("web", "probe", "exec", new ExecStateNotification("./check", ExecState.SUCCESS, 1)));
        metrics.ran(run("mm_web", "download", "archive", archive(ArchiveState.DOWNLOADED, 1)));
        metrics.ran(run("mm_web", "download", "archive", archive(ArchiveState.ERROR, 0)));
        metrics.ran(run("mms_manager", "manage", "machines", new MachinesStateNotification(List.of(), MachinesState.ERROR, 1)));
        metrics.governorEvents().publish(governorEvent(GovernorEventType.ENTER, "downloads"));

        PrometheusText text = scrape();

        assertThat(text.families()).filteredOn(f -> f.startsWith("mms_")).containsExactlyInAnyOrder(
                "mms_agent_info", "mms_machine_state", "mms_machine_info", "mms_machine_transitions_total",
                "mms_watcher_runs_total", "mms_watcher_run_duration_seconds", "mms_archive_downloads_total",
                "mms_archive_downloaded_bytes_total", "mms_archive_failures_total", "mms_specification_checks_total",
                "mms_governor_waits_total", "mms_governor_slots_held", "mms_store_connected")
                .allSatisfy(f -> assertThat(text.help(f)).as(f).hasValueSatisfying(h -> assertThat(h).isNotBlank()));
        assertThat(text.value("mms_agent_info", Map.of("version", "1.2.3"))).contains(1.0);
        assertThat(text.families()).contains("jvm_memory_used_bytes", "jvm_threads_current", "process_cpu_seconds_total");
    }

    @Test
    void twoAgentsInOneJvmKeepTheirOwnCounts() {
        AgentMetrics other = new AgentMetrics("1.2.3");
        metrics.publish(transition("web", "a", "b"));

        PrometheusText text = PrometheusText.parse(new String(other.scrape(List.of(), StoreState.CONNECTED),
                StandardCharsets.UTF_8));

        assertThat(text.samples("mms_machine_transitions_total")).isEmpty();
        assertThat(text.families()).contains("jvm_memory_used_bytes");
    }

    static ArchiveStateNotification archive(ArchiveState outcome, long bytes) {
        return new ArchiveStateNotification("https://repo/web.tgz", "web", outcome, 1_000_000, bytes, Optional.empty());
    }

    static GovernorEvent governorEvent(GovernorEventType type, String governor) {
        return GovernorEvent.of(type, "node1", "mm_web", governor, 1, Instant.EPOCH);
    }

    static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(name, value);
        return all;
    }

    /** A running machine as a scrape sees it: only its name, version and state matter to metrics. */
    static MachineSnapshot running(String name, String version, String state) {
        MachineDefinition definition = new MachineDefinition(name, version, state, List.of(), List.of(), 0);
        return new MachineSnapshot(name, version, state, name + "-instance", Path.of("/etc/mms/machines", name),
                "hash", definition, List.of());
    }

    @Test
    void servesWhatMetricWatchersGatheredUntilTheyStop() {
        metrics.gauges().put("m1", "load", List.of(
                new GaugeSink.Gauge("choria_machine_metric_watcher_load_load1", Map.of("format", "nagios"), 0.5),
                new GaugeSink.Gauge("choria_machine_metric_watcher_load_load5", Map.of("format", "nagios"), 0.25)));
        metrics.gauges().put("m2", "load", List.of(
                new GaugeSink.Gauge("choria_machine_metric_watcher_load_load1", Map.of("format", "choria"), 2)));

        PrometheusText text = scrape();

        assertThat(text.value("choria_machine_metric_watcher_load_load1", Map.of("format", "nagios"))).contains(0.5);
        assertThat(text.value("choria_machine_metric_watcher_load_load1", Map.of("format", "choria"))).contains(2.0);
        assertThat(text.value("choria_machine_metric_watcher_load_load5", Map.of("format", "nagios"))).contains(0.25);
        assertThat(text.help("choria_machine_metric_watcher_load_load1")).contains("Choria Metric");

        metrics.gauges().put("m1", "load", List.of(
                new GaugeSink.Gauge("choria_machine_metric_watcher_load_load1", Map.of("format", "nagios"), 0.75)));
        metrics.gauges().remove("m2", "load");
        PrometheusText after = scrape();

        assertThat(after.samples("choria_machine_metric_watcher_load_load1")).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("format", "nagios"));
        assertThat(after.value("choria_machine_metric_watcher_load_load1", Map.of("format", "nagios"))).contains(0.75);
        assertThat(after.families()).doesNotContain("choria_machine_metric_watcher_load_load5");
    }

    @Test
    void gatheredSeriesThatWouldSpoilTheScrapeAreLeftOut() {
        metrics.gauges().put("m1", "w", List.of(
                new GaugeSink.Gauge("not a name", Map.of(), 1),
                new GaugeSink.Gauge("choria_x", Map.of("bad label", "v"), 1),
                new GaugeSink.Gauge("mms_agent_info", Map.of(), 1),
                new GaugeSink.Gauge("choria_y", Map.of("a", "b"), 1)));
        metrics.gauges().put("m2", "w", List.of(new GaugeSink.Gauge("choria_y", Map.of("a", "b"), 2)));

        PrometheusText text = scrape();

        assertThat(text.families()).filteredOn(f -> f.startsWith("choria_")).containsExactly("choria_y");
        assertThat(text.samples("choria_y")).hasSize(1);
        assertThat(text.samples("mms_agent_info")).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("version", "1.2.3"));
    }
}

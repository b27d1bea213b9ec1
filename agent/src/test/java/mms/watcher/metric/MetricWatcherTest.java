package mms.watcher.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mms.duration.GoDuration;
import mms.event.EventData;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.template.Template;
import mms.template.TemplateContext;
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

class MetricWatcherTest {
    @TempDir
    Path dir;

    /** The original's test data: its metric.sh and nagios.sh. */
    static final String JSON_METRIC = """
            echo '
            {
              "labels": {
                "unique":"u",
                "dupe":"d"
              },
              "metrics": {
                "v1":1.0,
                "v2":1.1
              }
            }'""";
    static final String NAGIOS_METRIC = "echo 'OK: last run 3 minutes ago with 0 failed resources 0 failed events and"
            + " currently enabled|time_since_last_run=237s;1;1;0 failed_resources=0;;;0 failed_events=0;;;0"
            + " last_run_duration=59.67;;;0'";

    /** The gauges the watcher put, by machine#watcher. */
    final Map<String, List<GaugeSink.Gauge>> gauges = new ConcurrentHashMap<>();
    final GaugeSink sink = new GaugeSink() {
        @Override
        public void put(String machine, String watcher, List<Gauge> values) {
            gauges.put(machine + "#" + watcher, values);
        }

        @Override
        public void remove(String machine, String watcher) {
            gauges.remove(machine + "#" + watcher);
        }
    };

    @BeforeAll
    static void patience() {
        // the build machine is shared and loaded: conditions get time, never sleeps
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    }

    @AfterAll
    static void politeness() {
        Awaitility.setDefaultPollInterval(Duration.ofMillis(100)); // Awaitility's default, for the classes after
    }

    private static MetricWatcher metric(String name, List<String> states, Map<String, Object> props)
            throws WatcherConfigException {
        WatcherSettings settings = FakeMachine.settings(name, "metric", states, "failed", "worked", Duration.ZERO);
        return (MetricWatcher) new MetricWatcherFactory().create(settings,
                new WatcherProperties("metric watcher '" + name + "'", props), new MachineInfo("m", "1", Path.of("/")));
    }

    private static MetricWatcher metric(Map<String, Object> props) throws WatcherConfigException {
        return metric("load", List.of(), props);
    }

    private void script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private FakeMachine machine(Optional<Path> textfiles) {
        return new FakeMachine("m", dir, "A").services(WatcherServices.NONE.withMonitoring(
                new Monitoring(textfiles, Optional.empty(), AgentHealth.NONE, sink)));
    }

    private static Metric published(FakeMachine.Run run) {
        return ((MetricStateNotification) run.lastPublished()).metrics();
    }

    /** Moves the clock to the first run, after the splay the watcher logged, and waits for it. */
    private static void firstRun(FakeMachine machine, FakeMachine.Run run) throws Exception {
        await().until(() -> run.logText().stream().anyMatch(l -> l.startsWith("INFO Splaying first check by ")));
        String line = run.logText().stream().filter(l -> l.startsWith("INFO Splaying first check by ")).findFirst()
                .orElseThrow();
        Duration splay = GoDuration.parse(line.substring("INFO Splaying first check by ".length()));
        run.awaitParked();
        int before = run.awaits();
        machine.clock().advance(splay);
        await().until(() -> run.awaits() > before);
        run.awaitParked();
    }

    @Test
    void requiresACommandAndRunsAtLeastEverySecond() throws Exception {
        assertThatThrownBy(() -> metric(Map.of())).hasMessage("properties of metric watcher 'load': command is required");
        assertThat(metric(Map.of("command", "x")).properties().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(metric(Map.of("command", "x", "interval", "100ms")).properties().interval())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(metric(Map.of("command", "x", "interval", "1m")).properties().interval())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void parsesTheOriginalsProperties() throws Exception {
        WatcherProperties props = new WatcherProperties("metric watcher 'my load'", Map.of("command", "x",
                "labels", Map.of("site", "lab", "rack", 7), "skip_prometheus", true, "store", "true", "http", true,
                "graphite_host", "graphite.example.net", "graphite_port", 2003));
        MetricProperties parsed = MetricProperties.parse(props, "my load");

        assertThat(parsed.labels()).containsExactly(Map.entry("rack", "7"), Map.entry("site", "lab"));
        assertThat(parsed.skipPrometheus()).isTrue();
        assertThat(parsed.store()).isTrue();
        assertThat(parsed.graphiteHost()).contains("graphite.example.net");
        assertThat(parsed.graphitePort()).contains("2003");
        assertThat(parsed.graphitePrefix()).isEqualTo("choria.my-load");
        assertThat(props.unusedKeys()).isEmpty();
    }

    @Test
    void readsTheOriginalsJsonMetricWithItsLabelsAndPublishesWithoutTransition() throws Exception {
        script("metric.sh", JSON_METRIC);
        FakeMachine machine = machine(Optional.empty());
        try (var run = machine.start(metric(Map.of("command", "./metric.sh", "labels", Map.of("dupe", "props"))))) {
            firstRun(machine, run);

            Metric metric = published(run);
            assertThat(metric.labels()).containsExactly(Map.entry("dupe", "props"), Map.entry("format", "choria"),
                    Map.entry("unique", "u"));
            assertThat(metric.metrics()).containsEntry("v1", 1.0).containsEntry("v2", 1.1)
                    .containsKey(MetricStateNotification.RUNTIME);
            assertThat(metric.time()).isEqualTo(machine.clock().instant().getEpochSecond());
            assertThat(machine.transitions()).isEmpty();
        }
    }

    @Test
    void readsNagiosPerformanceDataAsMetrics() throws Exception {
        script("nagios.sh", NAGIOS_METRIC);
        FakeMachine machine = machine(Optional.empty());
        try (var run = machine.start(metric(Map.of("command", "./nagios.sh")))) {
            firstRun(machine, run);

            Metric metric = published(run);
            assertThat(metric.labels()).containsExactly(Map.entry("format", "nagios"));
            assertThat(metric.metrics()).containsEntry("time_since_last_run", 237.0).containsEntry("failed_resources", 0.0)
                    .containsEntry("failed_events", 0.0).containsEntry("last_run_duration", 59.67).hasSize(5);
        }
    }

    @Test
    void runsEveryIntervalAndOnStateChangesWhileActive() throws Exception {
        script("nagios.sh", NAGIOS_METRIC);
        FakeMachine machine = machine(Optional.empty());
        try (var run = machine.start(metric("load", List.of("A"), Map.of("command", "./nagios.sh", "interval", "10s")))) {
            firstRun(machine, run);
            assertThat(run.published()).hasSize(1);
            machine.clock().advance(Duration.ofSeconds(10));
            await().until(() -> run.published().size() == 2);
            run.wakeupAndSettle();
            assertThat(run.published()).hasSize(3);
            machine.state("B");
            run.wakeupAndSettle();
            assertThat(run.published()).as("inactive").hasSize(3);
        }
    }

    @Test
    void aFailingCommandIsLoggedOnceAndOtherwiseIgnored() throws Exception {
        script("broken.sh", "echo '{\"metrics\":{\"a\":1}}'; exit 2");
        FakeMachine machine = machine(Optional.empty());
        try (var run = machine.start(metric(Map.of("command", "./broken.sh")))) {
            firstRun(machine, run);
            run.wakeupAndSettle();

            assertThat(run.published()).isEmpty();
            assertThat(machine.transitions()).isEmpty();
            assertThat(run.logText()).filteredOn(l -> l.startsWith("ERROR"))
                    .containsExactly("ERROR Metric watcher ./broken.sh failed: exit status 2");
        }
    }

    @Test
    void outputThatIsNoMetricPublishesThePreviousAndFails() throws Exception {
        script("metric.sh", "cat out.json");
        Files.writeString(dir.resolve("out.json"), "{\"metrics\":{\"a\":1}}");
        FakeMachine machine = machine(Optional.empty());
        try (var run = machine.start(metric(Map.of("command", "./metric.sh")))) {
            firstRun(machine, run);
            Files.writeString(dir.resolve("out.json"), "{\"labels\":{\"a\":1},\"metrics\":{}}");
            run.wakeupAndSettle();

            assertThat(run.published()).hasSize(2);
            assertThat(published(run).metrics()).containsEntry("a", 1.0);
            assertThat(machine.transitions()).containsExactly("failed");
            assertThat(run.logText()).contains("ERROR Failed to parse metric output: label 'a' is not text: 1");
        }
    }

    @Test
    void writesTheOriginalsPrometheusFileAndServesTheSameSeriesUntilItStops() throws Exception {
        Path textfiles = Files.createDirectory(dir.resolve("textfiles"));
        script("metric.sh", JSON_METRIC);
        FakeMachine machine = machine(Optional.of(textfiles));
        MetricWatcher watcher = metric("My Load", List.of(), Map.of("command", "./metric.sh",
                "labels", Map.of("Site", "Lab One")));
        Path file = textfiles.resolve(MetricTextFile.NAME);
        try (var run = machine.start(watcher)) {
            firstRun(machine, run);
        }

        assertThat(Files.readString(file)).isEqualTo("""
                # HELP choria_machine_metric_watcher_my_load_v1 Choria Metric
                # TYPE choria_machine_metric_watcher_my_load_v1 gauge
                choria_machine_metric_watcher_my_load_v1{dupe="d",format="choria",site="lab_one",unique="u"} 1.000000
                # HELP choria_machine_metric_watcher_my_load_v2 Choria Metric
                # TYPE choria_machine_metric_watcher_my_load_v2 gauge
                choria_machine_metric_watcher_my_load_v2{dupe="d",format="choria",site="lab_one",unique="u"} 1.100000
                """);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> labels = Map.of("dupe", "d", "format", "choria", "site", "lab_one", "unique", "u");
        assertThat(gauges.get("m#My Load")).containsExactly(
                new GaugeSink.Gauge("choria_machine_metric_watcher_my_load_v1", labels, 1.0),
                new GaugeSink.Gauge("choria_machine_metric_watcher_my_load_v2", labels, 1.1));

        watcher.close(); // as the runtime does once the loop ended
        assertThat(Files.readString(file)).isEmpty();
        assertThat(gauges).isEmpty();
    }

    @Test
    void skipPrometheusKeepsTheValuesOutOfTheFileAndMetrics() throws Exception {
        Path textfiles = Files.createDirectory(dir.resolve("textfiles"));
        script("metric.sh", JSON_METRIC);
        FakeMachine machine = machine(Optional.of(textfiles));
        try (var run = machine.start(metric(Map.of("command", "./metric.sh", "skip_prometheus", true)))) {
            firstRun(machine, run);
            assertThat(run.published()).hasSize(1);
        }
        assertThat(textfiles.resolve(MetricTextFile.NAME)).doesNotExist();
        assertThat(gauges).isEmpty();
    }

    @Test
    void namesTheTextFormatRefusesAreMadeValid() {
        assertThat(PrometheusSeries.of("disk-usage", new Metric(Map.of("mount point", "/var"), Map.of("/", 1.0), 0)))
                .containsExactly(new GaugeSink.Gauge("choria_machine_metric_watcher_disk_usage__",
                        Map.of("mount_point", "/var"), 1.0));
    }

    @Test
    void storeKeepsEachWatchersMetricInMachineData() throws Exception {
        script("metric.sh", JSON_METRIC);
        FakeMachine machine = machine(Optional.empty());
        machine.setData("metric", Json.mapper().readTree("{\"other\":{\"labels\":{},\"metrics\":{},\"time\":1}}"));
        try (var run = machine.start(metric(Map.of("command", "./metric.sh", "store", true)))) {
            firstRun(machine, run);
        }
        long now = machine.clock().instant().getEpochSecond();
        assertThat(Json.write(machine.data("metric").orElseThrow())).isEqualTo("{\"other\":{\"labels\":{},\"metrics\":{},"
                + "\"time\":1},\"load\":{\"labels\":{\"dupe\":\"d\",\"format\":\"choria\",\"unique\":\"u\"},"
                + "\"metrics\":{\"v1\":1,\"v2\":1.1},\"time\":" + now + "}}");
    }

    @Test
    void sendsEachMetricAndTheRunTimeToGraphite() throws Exception {
        script("metric.sh", JSON_METRIC);
        FakeMachine machine = machine(Optional.empty());
        machine.renderer(text -> Template.render(text, new TemplateContext(machine.facts(), machine.data(), null)));
        try (ServerSocket graphite = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket client = graphite.accept(); InputStream in = client.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (var run = machine.start(metric(Map.of("command", "./metric.sh", "graphite_host", "127.0.0.1",
                    "graphite_port", Integer.toString(graphite.getLocalPort()), "graphite_prefix", "lab.{{ lookup \"facts.x\" \"m\" }}")))) {
                firstRun(machine, run);
            }
            long now = machine.clock().instant().getEpochSecond();
            assertThat(received.get(30, TimeUnit.SECONDS).lines().toList()).hasSize(3)
                    .contains("lab.m.v1 1.000000 " + now, "lab.m.v2 1.100000 " + now)
                    .anyMatch(line -> line.startsWith("lab.m.runtime ") && line.endsWith(" " + now));
        }
    }

    @Test
    void theNotificationIsTheOriginalsAndReadsBack() throws Exception {
        var state = new MetricStateNotification(new Metric(Map.of("format", "choria"), Map.of("v1", 1.0,
                MetricStateNotification.RUNTIME, 0.25), 1606924953));
        var event = new WatcherStateNotification("ginkgo", "1", "1.0.0", 1606924953, "metric", "m", "load", state);

        assertThat(Json.write(event.data())).endsWith("\"name\":\"load\",\"metrics\":{\"labels\":{\"format\":\"choria\"},"
                + "\"metrics\":{\"choria_runtime_seconds\":0.25,\"v1\":1},\"time\":1606924953}}");
        assertThat(event.text()).isEqualTo("ginkgo m#load metrics: choria_runtime_seconds=0.250, v1=1.000");
        assertThat(MetricStateNotification.read(new EventData(event.data(), event.protocol()))).isEqualTo(state);
    }
}

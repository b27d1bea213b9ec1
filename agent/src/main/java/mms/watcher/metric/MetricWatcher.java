package mms.watcher.metric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.json.Json;
import mms.process.ProcessOutcome;
import mms.process.ProcessRequest;
import mms.process.ProcessRunner;
import mms.template.Template;
import mms.template.TemplateException;
import mms.watcher.GaugeSink;
import mms.watcher.MachineCommand;
import mms.watcher.MachineContext;
import mms.watcher.Monitoring;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Runs a command every {@code interval} property (the first run after a random delay below it)
 * and on state changes, and reads its output as a metric ({@link MetricOutput}). Each metric is
 * written to the Prometheus text file and served on the agent's {@code /metrics} (unless
 * {@code skip_prometheus}), sent to Graphite when configured, kept in machine data with
 * {@code store}, and published; the watcher never transitions on success. A command that fails
 * (exits non-zero, times out after 1s) is logged and otherwise ignored, as in the original; output
 * that is not a metric is published (the previous metric) and fires the failure transition.
 */
public final class MetricWatcher implements Watcher {
    /** How long a command may run, fixed as in the original. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** The machine data key {@code store} keeps metrics under, one member per watcher. */
    static final String DATA_KEY = "metric";

    private final WatcherSettings settings;
    private final MetricProperties properties;
    private volatile MetricStateNotification current;
    /** The last metric gathered, without its run time; loop thread only. */
    private Metric last = Metric.NONE;
    /** The last failure logged at ERROR, so a lasting one is logged once; loop thread only. */
    private String loggedFailure = "";
    /** Where the values went, set when the loop starts; for {@link #close()}. */
    private volatile Optional<Exports> exports = Optional.empty();

    private record Exports(String machine, Optional<MetricTextFile> textFile, GaugeSink gauges) {}

    /** A watcher with validated settings and properties. */
    public MetricWatcher(WatcherSettings settings, MetricProperties properties) {
        this.settings = settings;
        this.properties = properties;
        this.current = new MetricStateNotification(Metric.NONE.with(MetricStateNotification.RUNTIME, 0));
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public MetricProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public boolean wakeOnDataChange() {
        return Template.isTemplate(properties.command());
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        MachineContext machine = runtime.machine();
        runtime.log().info("metric watcher for {} starting", properties.command());
        if (!properties.skipPrometheus()) {
            Monitoring monitoring = machine.services().monitoring();
            exports = Optional.of(new Exports(machine.name(), monitoring.textFileDirectory().map(MetricTextFile::in),
                    monitoring.gauges()));
        }
        Duration interval = properties.interval();
        Duration splay = Duration.ofNanos(machine.random().nextLong(interval.toNanos()));
        runtime.log().info("Splaying first check by {}", GoDuration.format(splay));
        Instant next = runtime.now().plus(splay);
        while (true) {
            boolean woken = runtime.awaitWakeup(next);
            if (!woken) {
                if (runtime.now().isBefore(next)) {
                    continue;
                }
                next = runtime.now().plus(interval);
            }
            gather(runtime);
        }
    }

    /** Takes the watcher's values out of the text file and {@code /metrics}: it stopped. */
    @Override
    public void close() {
        exports.ifPresent(out -> {
            out.gauges().remove(out.machine(), settings.name());
            out.textFile().ifPresent(file -> {
                try {
                    file.delete(out.machine(), settings.name());
                } catch (IOException e) {
                    // the watcher is gone; its stale lines go with the next update of the file
                }
            });
        });
    }

    private void gather(WatcherRuntime runtime) throws InterruptedException {
        if (!runtime.shouldWatch()) {
            return;
        }
        MachineContext machine = runtime.machine();
        String command;
        try {
            command = machine.render(properties.command());
        } catch (TemplateException e) {
            failed(runtime, "could not process command template: " + e.getMessage());
            return;
        }
        long started = System.nanoTime();
        Optional<String> output = execute(runtime, command);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (output.isEmpty()) {
            return;
        }
        Metric metric;
        try {
            metric = MetricOutput.parse(output.get());
        } catch (MetricOutput.Invalid e) {
            failed(runtime, "Failed to parse metric output: " + e.getMessage());
            current = new MetricStateNotification(last.with(MetricStateNotification.RUNTIME, seconds));
            runtime.ran();
            runtime.publish();
            runtime.failure();
            return;
        }
        loggedFailure = "";
        Map<String, String> labels = new TreeMap<>(metric.labels());
        labels.putAll(properties.labels());
        metric = new Metric(labels, metric.metrics(), runtime.now().getEpochSecond());
        export(runtime, metric);
        graphite(runtime, metric, seconds);
        store(runtime, metric);
        last = metric;
        current = new MetricStateNotification(metric.with(MetricStateNotification.RUNTIME, seconds));
        runtime.ran();
        runtime.publish();
    }

    /** Runs the command; its output, or empty when it failed (logged). */
    private Optional<String> execute(WatcherRuntime runtime, String command) throws InterruptedException {
        MachineContext machine = runtime.machine();
        ProcessRequest request;
        try {
            request = MachineCommand.request(machine, MachineCommand.words(command),
                    MachineCommand.environment(machine, settings.name()),
                    ProcessRequest.Stdio.capture(ProcessRunner.DEFAULT_CAPTURE_LIMIT), Optional.of(COMMAND_TIMEOUT), false);
        } catch (MachineCommand.Invalid e) {
            failed(runtime, "Metric watcher " + command + " failed: " + e.getMessage());
            return Optional.empty();
        }
        runtime.log().debug("Running {}", command);
        ProcessOutcome outcome;
        try {
            outcome = ProcessRunner.run(request);
        } catch (IOException e) {
            failed(runtime, "Metric watcher " + command + " failed: " + e.getMessage());
            return Optional.empty();
        }
        return switch (outcome) {
            case ProcessOutcome.TimedOut timedOut -> {
                failed(runtime, "Metric watcher " + command + " failed: timed out after "
                        + GoDuration.format(timedOut.timeout()));
                yield Optional.empty();
            }
            case ProcessOutcome.Exited exited when exited.exitCode() != 0 -> {
                failed(runtime, "Metric watcher " + command + " failed: exit status " + exited.exitCode());
                yield Optional.empty();
            }
            case ProcessOutcome.Exited exited -> {
                runtime.log().debug("Output from {}: {}", command, exited.output().text());
                yield Optional.of(exited.output().text());
            }
        };
    }

    private void export(WatcherRuntime runtime, Metric metric) {
        if (exports.isEmpty()) {
            return;
        }
        Exports out = exports.get();
        List<GaugeSink.Gauge> series = PrometheusSeries.of(settings.name(), metric);
        out.gauges().put(out.machine(), settings.name(), series);
        if (out.textFile().isPresent()) {
            try {
                if (!out.textFile().get().update(out.machine(), settings.name(), series)) {
                    Path directory = runtime.machine().services().monitoring().textFileDirectory().orElseThrow();
                    runtime.log().debug("Not updating prometheus: {} is not a directory", directory);
                }
            } catch (IOException e) {
                failed(runtime, "Could not update prometheus: " + e);
            }
        }
    }

    private void graphite(WatcherRuntime runtime, Metric metric, double runSeconds) {
        if (properties.graphiteHost().isEmpty() || properties.graphitePort().isEmpty()) {
            runtime.log().debug("Skipping graphite publish without a host and port defined");
            return;
        }
        if (metric.metrics().isEmpty()) {
            runtime.log().debug("Skipping graphite publish without any metrics");
            return;
        }
        MachineContext machine = runtime.machine();
        String where = properties.graphiteHost().get() + ":" + properties.graphitePort().get();
        try {
            String host = machine.render(properties.graphiteHost().get());
            String port = machine.render(properties.graphitePort().get());
            where = host + ":" + port;
            String prefix = machine.render(properties.graphitePrefix());
            int portNumber = Integer.parseInt(port);
            Graphite.send(host, portNumber, prefix, metric.with("runtime", runSeconds).metrics(), metric.time());
            runtime.log().debug("Sent {} metrics to graphite {}", metric.metrics().size() + 1, where);
        } catch (TemplateException | NumberFormatException | IOException e) {
            // the original gives up storing and publishing the metric too; a Graphite outage only loses Graphite
            failed(runtime, "could not send metrics to graphite " + where + ": " + e.getMessage());
        }
    }

    private void store(WatcherRuntime runtime, Metric metric) {
        if (!properties.store()) {
            return;
        }
        MachineContext machine = runtime.machine();
        // one member per watcher, so that two watchers storing do not overwrite each other as in the original
        ObjectNode stored = machine.data(DATA_KEY).filter(JsonNode::isObject).map(n -> (ObjectNode) n.deepCopy())
                .orElseGet(Json::object);
        stored.set(settings.name(), metric.toJson());
        try {
            machine.putData(DATA_KEY, stored);
        } catch (IOException e) {
            failed(runtime, "could not store the metric in machine data: " + e.getMessage());
        }
    }

    /** Logs a failure at ERROR once while it repeats, at DEBUG after. */
    private void failed(WatcherRuntime runtime, String why) {
        if (why.equals(loggedFailure)) {
            runtime.log().debug("{}", why);
            return;
        }
        runtime.log().error("{}", why);
        loggedFailure = why;
    }
}

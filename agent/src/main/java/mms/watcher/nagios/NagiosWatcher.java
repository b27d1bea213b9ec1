package mms.watcher.nagios;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.process.CapturedOutput;
import mms.process.ProcessOutcome;
import mms.process.ProcessRequest;
import mms.process.ProcessRunner;
import mms.template.Template;
import mms.template.TemplateContext;
import mms.template.TemplateException;
import mms.watcher.MachineCommand;
import mms.watcher.MachineContext;
import mms.watcher.Monitoring;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Runs a Nagios plugin or a builtin check every {@code interval}, the first after a random delay
 * below one interval, and reports its status the Scout way: the result is kept in a
 * {@value #HISTORY}-entry history, published, written to the Prometheus text file, and the
 * machine is sent the transition named after the status ({@code OK}, {@code WARNING},
 * {@code CRITICAL}, {@code UNKNOWN}), not the success or fail transition.
 *
 * <p>State changes do not trigger a check, as in the original: entering a state named
 * {@code OK}, {@code WARNING}, {@code CRITICAL} or {@code UNKNOWN} makes that the watcher's status
 * (an operator or another watcher set it), and entering {@code FORCE_CHECK} checks at once, even
 * outside {@code state_match} and sooner than the interval. A check less than
 * {@code interval - 1s} after the previous one is skipped. Without an interval the watcher checks
 * only on {@code FORCE_CHECK}.
 */
public final class NagiosWatcher implements Watcher {
    /** Smallest accepted {@code interval}. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);
    /** How many checks {@code history} keeps. */
    public static final int HISTORY = 15;
    /** The state that forces a check. */
    static final String FORCE_CHECK = "FORCE_CHECK";
    /** Checks closer together than {@code interval} minus this are skipped, unless forced. */
    private static final Duration SKIP_MARGIN = Duration.ofSeconds(1);

    private final WatcherSettings settings;
    private final NagiosProperties properties;
    private volatile NagiosStateNotification current;
    /** The checks reported so far, oldest first; loop thread only. */
    private final List<Execution> history = new ArrayList<>();
    /** When the last check started; loop thread only. */
    private Optional<Instant> lastCheck = Optional.empty();
    /** The last text file error logged at ERROR, so a lasting one is logged once; loop thread only. */
    private String textFileError = "";
    /** Where the text file is written, set when the loop starts; for {@link #close()}. */
    private volatile Optional<TextFileTarget> textFile = Optional.empty();

    private record TextFileTarget(NagiosTextFile file, String machine) {}

    /** A watcher with validated settings and properties. */
    public NagiosWatcher(WatcherSettings settings, NagiosProperties properties) {
        this.settings = settings;
        this.properties = properties;
        this.current = new NagiosStateNotification("", NagiosStatus.NOTCHECKED, "", Optional.empty(), List.of(),
                Duration.ZERO, List.of(), properties.annotations());
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public NagiosProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        MachineContext machine = runtime.machine();
        Optional<Path> directory = machine.services().monitoring().textFileDirectory();
        if (directory.isPresent()) {
            runtime.log().info("nagios watcher starting, updating prometheus in {}", directory.get());
            textFile = Optional.of(new TextFileTarget(NagiosTextFile.in(directory.get(), runtime.now()), machine.name()));
        } else {
            runtime.log().info("nagios watcher starting, prometheus integration disabled");
        }
        updateTextFile(runtime, NagiosStatus.UNKNOWN);
        Instant next = Instant.MAX;
        if (settings.hasInterval()) {
            Duration splay = Duration.ofNanos(machine.random().nextLong(settings.interval().toNanos()));
            runtime.log().info("Splaying first check by {}", GoDuration.format(splay));
            next = runtime.now().plus(splay);
        }
        while (true) {
            boolean woken = runtime.awaitWakeup(next);
            if (woken) {
                stateChanged(runtime);
                continue;
            }
            if (runtime.now().isBefore(next)) {
                continue;
            }
            next = runtime.now().plus(settings.interval());
            check(runtime, false);
        }
    }

    /** Forgets the machine in the Prometheus text file, as the original does when a machine goes. */
    @Override
    public void close() {
        textFile.ifPresent(target -> {
            try {
                target.file().delete(target.machine());
            } catch (IOException e) {
                // the machine is gone; its stale line goes with the next update of the file
            }
        });
    }

    /** The machine entered a state: adopt a status, or force a check. */
    private void stateChanged(WatcherRuntime runtime) throws InterruptedException {
        String state = runtime.machine().state();
        if (state.equals(FORCE_CHECK)) {
            runtime.log().info("Forcing a check of {}", runtime.machine().name());
            check(runtime, true);
            return;
        }
        NagiosStatus adopted;
        try {
            adopted = NagiosStatus.valueOf(state);
        } catch (IllegalArgumentException e) {
            return; // not a status (the original took any other state as OK)
        }
        if (!adopted.isResult()) {
            return;
        }
        NagiosStateNotification now = current;
        current = new NagiosStateNotification(now.plugin(), adopted, now.output(), now.checkTime(), now.perfdata(),
                now.runtime(), now.history(), now.annotations());
        updateTextFile(runtime, adopted);
    }

    private void check(WatcherRuntime runtime, boolean forced) throws InterruptedException {
        Instant start = runtime.now();
        if (!forced) {
            Duration minimum = settings.interval().minus(SKIP_MARGIN);
            if (lastCheck.isPresent() && Duration.between(lastCheck.get(), start).compareTo(minimum) < 0) {
                runtime.log().debug("Skipping check due to previous check being {} sooner than interval {}",
                        GoDuration.format(Duration.between(lastCheck.get(), start)), GoDuration.format(settings.interval()));
                return;
            }
            if (!runtime.shouldWatch()) {
                return;
            }
        }
        lastCheck = Optional.of(start);
        long started = System.nanoTime();
        Ran ran = perform(runtime);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        NagiosStatus status = ran.result().status();
        List<PerfData> perfdata = PerfData.parse(ran.result().output());
        if (history.size() >= HISTORY) {
            history.removeFirst();
        }
        history.add(new Execution(start, status, perfdata));
        current = new NagiosStateNotification(ran.plugin(), status, ran.result().output().strip(), Optional.of(start),
                perfdata, took, history, properties.annotations());
        runtime.ran();
        runtime.publish();
        updateTextFile(runtime, status);
        runtime.machine().transition(status.wireName());
    }

    /** A check's result and what ran: the rendered plugin command or the builtin's name. */
    private record Ran(String plugin, CheckResult result) {}

    private Ran perform(WatcherRuntime runtime) throws InterruptedException {
        MachineContext machine = runtime.machine();
        Monitoring monitoring = machine.services().monitoring();
        if (properties.builtin().isPresent()) {
            NagiosProperties.Builtin builtin = properties.builtin().get();
            CheckResult result = switch (builtin) {
                case HEARTBEAT -> new CheckResult(NagiosStatus.OK, Long.toString(runtime.now().getEpochSecond()));
                case GOSS -> GossCheck.check(machine, settings.name(), properties, monitoring.overrides());
                case CHORIA_STATUS -> ChoriaStatusCheck.check(properties, monitoring.health().report(), runtime.now());
            };
            return new Ran(builtin.wireName(), result);
        }
        String template = properties.plugin().orElseThrow();
        String plugin;
        try {
            plugin = Template.render(template, new TemplateContext(machine.facts(), machine.data(),
                    message -> runtime.log().debug("{}", message),
                    Optional.of(Overrides.lookup(monitoring.overrides(), machine.name()))));
        } catch (TemplateException e) {
            runtime.log().error("could not process overrides for plugin command: {}", e.getMessage());
            return new Ran(template, unknown("could not process overrides for plugin command: " + e.getMessage()));
        }
        return new Ran(plugin, runPlugin(runtime, plugin));
    }

    private CheckResult runPlugin(WatcherRuntime runtime, String plugin) throws InterruptedException {
        MachineContext machine = runtime.machine();
        ProcessRequest request;
        try {
            Map<String, String> env = MachineCommand.environment(machine, settings.name());
            request = MachineCommand.request(machine, MachineCommand.words(plugin), env,
                    ProcessRequest.Stdio.capture(ProcessRunner.DEFAULT_CAPTURE_LIMIT), Optional.of(properties.timeout()),
                    false);
        } catch (MachineCommand.Invalid e) {
            runtime.log().error("Nagios plugin {} failed: {}", plugin, e.getMessage());
            return unknown(e.getMessage());
        }
        runtime.log().debug("Running {}", plugin);
        ProcessOutcome outcome;
        try {
            outcome = ProcessRunner.run(request);
        } catch (IOException e) {
            runtime.log().error("Nagios plugin {} failed: {}", plugin, e.getMessage());
            return unknown("could not start " + plugin + ": " + e.getMessage());
        }
        CapturedOutput output = outcome.output();
        runtime.log().debug("Output from {}: {}", plugin, output.text());
        return switch (outcome) {
            case ProcessOutcome.TimedOut timedOut -> {
                runtime.log().error("Nagios plugin {} timed out after {}", plugin, GoDuration.format(timedOut.timeout()));
                yield unknown(plugin + " timed out after " + GoDuration.format(timedOut.timeout()));
            }
            case ProcessOutcome.Exited exited -> new CheckResult(NagiosStatus.ofExitCode(exited.exitCode()), output.text());
        };
    }

    private static CheckResult unknown(String why) {
        return new CheckResult(NagiosStatus.UNKNOWN, "UNKNOWN: " + why);
    }

    private void updateTextFile(WatcherRuntime runtime, NagiosStatus status) {
        if (textFile.isEmpty()) {
            return;
        }
        TextFileTarget target = textFile.get();
        try {
            if (!target.file().update(target.machine(), status, runtime.now())) {
                runtime.log().debug("Not updating prometheus: {} is not a directory",
                        runtime.machine().services().monitoring().textFileDirectory().orElseThrow());
            }
            textFileError = "";
        } catch (IOException e) {
            if (!e.toString().equals(textFileError)) {
                runtime.log().error("Could not update prometheus: {}", e.toString());
                textFileError = e.toString();
            }
        }
    }
}

package mms.watcher.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.json.Json;
import mms.process.CapturedOutput;
import mms.process.ProcessOutcome;
import mms.process.ProcessRequest;
import mms.process.ProcessRequest.Stdio;
import mms.process.ProcessRunner;
import mms.process.RunningProcess;
import mms.template.Template;
import mms.template.TemplateException;
import mms.watcher.GovernedRun;
import mms.watcher.MachineCommand;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Runs a command on wake-ups and every {@code interval}, reporting {@code success} (exit 0) or
 * {@code error}. The command runs as {@link MachineCommand} runs every watcher's: in the machine
 * directory with exactly {@code MACHINE_WATCHER_NAME}, {@code MACHINE_NAME},
 * {@code PATH=<agent PATH>:<machine dir>}, then {@code WATCHER_DATA}, {@code WATCHER_FACTS} (0600
 * temporary JSON files removed after the run) and the rendered {@code environment} entries, and a
 * bare program name is looked up in the agent's PATH. On timeout the process and its descendants are killed. With {@code governor} set, each run
 * first takes a slot of the templated governor from the host's {@link Governor} service (waiting
 * up to {@code governor_timeout}), announces {@code enter}/{@code exit} lifecycle events around the
 * run, or {@code timeouts} and an error when no slot is obtained.
 */
public final class ExecWatcher implements Watcher {
    /** Smallest accepted {@code interval}. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);
    static final Duration MAX_INITIAL_SPLAY = Duration.ofSeconds(30);
    /** Output kept for the log; the rest is counted and dropped so a chatty command cannot exhaust memory. */
    static final int LOG_OUTPUT_LIMIT = ProcessRunner.DEFAULT_CAPTURE_LIMIT;
    /** Output kept when it is parsed as data. */
    static final int DATA_OUTPUT_LIMIT = 8 * 1024 * 1024;

    private final WatcherSettings settings;
    private final ExecProperties properties;
    private volatile ExecStateNotification current;

    /** A watcher with validated settings and properties. */
    public ExecWatcher(WatcherSettings settings, ExecProperties properties) {
        this.settings = settings;
        this.properties = properties;
        this.current = new ExecStateNotification(properties.command(), ExecState.UNKNOWN, 0);
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public ExecProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public boolean wakeOnDataChange() {
        // a run that stores data would otherwise wake itself through other watchers' data writes
        return !properties.parseAsData() && (Template.isTemplate(properties.command())
                || properties.environment().stream().anyMatch(Template::isTemplate));
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        runtime.log().info("exec watcher for {} starting", properties.command());
        Duration interval = settings.interval();
        Instant next = Instant.MAX;
        if (settings.hasInterval()) {
            Duration first = interval;
            if (properties.gatherInitialState()) {
                first = Duration.ofNanos(runtime.machine().random().nextLong(1, MAX_INITIAL_SPLAY.toNanos()));
            }
            next = runtime.now().plus(first);
        }
        if (properties.runAtStart()) {
            // the original runs only on state changes and intervals, so a watcher active in the
            // initial state waits for one of them; this property is the way to run it at once
            handle(runtime, check(runtime));
        }
        while (true) {
            boolean woken = runtime.awaitWakeup(next);
            if (!woken) {
                if (runtime.now().isBefore(next)) {
                    continue;
                }
                next = runtime.now().plus(interval);
            }
            handle(runtime, check(runtime));
        }
    }

    /** The result of one run: the outcome, why it failed, and how long it took. */
    record Result(ExecState state, String error, long runTimeNanos) {
        static Result of(ExecState state) {
            return new Result(state, "", 0);
        }

        static Result failed(String why) {
            return new Result(ExecState.ERROR, why, 0);
        }

        Result took(long nanos) {
            return new Result(state, error, nanos);
        }
    }

    private void handle(WatcherRuntime runtime, Result result) throws InterruptedException {
        current = new ExecStateNotification(properties.command(), result.state(), result.runTimeNanos());
        switch (result.state()) {
            case SUCCESS -> {
                runtime.ran();
                if (!properties.suppressSuccessAnnounce()) {
                    runtime.publish();
                }
                runtime.success();
            }
            case ERROR -> {
                runtime.log().error("check failed: {}", result.error());
                runtime.ran();
                runtime.publish();
                runtime.failure();
            }
            case SKIPPED, UNKNOWN -> {
                // inactive or no result: nothing to tell and nowhere to go
            }
        }
    }

    /** One run, as the original's {@code watch()}. */
    Result check(WatcherRuntime runtime) throws InterruptedException {
        if (!runtime.shouldWatch()) {
            return Result.of(ExecState.SKIPPED);
        }
        if (properties.governor().isPresent()) {
            return governed(runtime, properties.governor().get());
        }
        return timedExecute(runtime);
    }

    private Result timedExecute(WatcherRuntime runtime) throws InterruptedException {
        long started = System.nanoTime();
        Result result = execute(runtime);
        return result.took(System.nanoTime() - started);
    }

    /** Runs while holding a slot of the templated governor (watchers.md §1.8). */
    private Result governed(WatcherRuntime runtime, String template) throws InterruptedException {
        try {
            return GovernedRun.holding(runtime, settings.name(), template, properties.governorTimeout(),
                    () -> timedExecute(runtime));
        } catch (GovernedRun.Refused e) {
            return Result.failed(e.getMessage());
        }
    }

    private Result execute(WatcherRuntime runtime) throws InterruptedException {
        MachineContext machine = runtime.machine();
        String command;
        try {
            command = machine.render(properties.command());
        } catch (TemplateException e) {
            return Result.failed("could not process command template: " + e.getMessage());
        }
        List<String> words;
        try {
            words = MachineCommand.words(command);
        } catch (MachineCommand.Invalid e) {
            return Result.failed(e.getMessage());
        }
        runtime.log().debug("running {}", command);
        Map<String, String> extra = new LinkedHashMap<>();
        for (String entry : properties.environment()) {
            String rendered;
            try {
                rendered = machine.render(entry);
            } catch (TemplateException e) {
                return Result.failed("could not process environment template: " + e.getMessage());
            }
            int eq = rendered.indexOf('=');
            if (eq < 1) {
                return Result.failed("environment entry '" + rendered + "' is not like NAME=value");
            }
            extra.put(rendered.substring(0, eq), rendered.substring(eq + 1));
        }

        Path dataFile = null;
        Path factsFile = null;
        try {
            dataFile = privateTempFile("choria-exec-data-", Json.write(machine.data()));
            factsFile = privateTempFile("choria-exec-facts-", Json.write(machine.facts()));
            Map<String, String> env = MachineCommand.environment(machine, settings.name());
            env.put("WATCHER_DATA", dataFile.toString());
            env.put("WATCHER_FACTS", factsFile.toString());
            env.putAll(extra);
            ProcessRequest request;
            try {
                request = properties.disown()
                        ? MachineCommand.request(machine, words, env, Stdio.discard(), Optional.empty(), true)
                        : MachineCommand.request(machine, words, env,
                                Stdio.capture(properties.parseAsData() ? DATA_OUTPUT_LIMIT : LOG_OUTPUT_LIMIT),
                                Optional.of(properties.timeout()), false);
            } catch (MachineCommand.Invalid e) {
                return Result.failed(e.getMessage());
            }
            return run(runtime, command, request);
        } catch (IOException e) {
            return Result.failed("could not prepare to run " + command + ": " + e.getMessage());
        } finally {
            deleteQuietly(dataFile);
            deleteQuietly(factsFile);
        }
    }

    private Result run(WatcherRuntime runtime, String command, ProcessRequest request) throws InterruptedException {
        RunningProcess process;
        try {
            process = start(runtime, request);
        } catch (MachineDirectoryGone e) {
            runtime.log().info("{} not run: the machine directory {} is gone (the machine is being replaced or removed)",
                    command, e.getMessage());
            return Result.of(ExecState.SKIPPED);
        } catch (IOException e) {
            // the original dropped this silently when disowning; it is a failure like any other
            runtime.log().error("exec watcher {} failed: {}", command, e.getMessage());
            return Result.failed("could not start " + command + ": " + e.getMessage());
        }
        if (request.disown()) {
            runtime.log().info("started disowned process {} for {}", process.pid(), command);
        }
        // a machine stop interrupts this wait: the process tree is killed, unless it is disowned
        ProcessOutcome outcome = process.await();
        logOutput(runtime, command, outcome.output());
        return switch (outcome) {
            case ProcessOutcome.TimedOut timedOut -> {
                String why = "timed out after " + GoDuration.format(timedOut.timeout());
                runtime.log().error("exec watcher {} failed: {}", command, why);
                yield Result.failed(command + " " + why);
            }
            case ProcessOutcome.Exited exited when exited.exitCode() != 0 -> {
                String why = "exit status " + exited.exitCode();
                runtime.log().error("exec watcher {} failed: {}", command, why);
                yield Result.failed(command + " failed: " + why);
            }
            case ProcessOutcome.Exited exited -> properties.parseAsData()
                    ? storeData(runtime, exited.output()) : Result.of(ExecState.SUCCESS);
        };
    }

    /** The machine's directory, the command's working directory, vanished while it was to start. */
    private static final class MachineDirectoryGone extends IOException {
        MachineDirectoryGone(Path directory) {
            super(directory.toString());
        }
    }

    /**
     * Starts the process. An upgrade swaps a machine's directory in two renames and a purge parks it
     * before the host stops the machine, so a command can find its working directory missing for
     * a moment: that is no failure of the command. It is tried again once the directory is back
     * (within a second, the swap), or reported as {@link MachineDirectoryGone} (the purge).
     */
    private static RunningProcess start(WatcherRuntime runtime, ProcessRequest request)
            throws IOException, InterruptedException {
        Path directory = runtime.machine().directory();
        try {
            return ProcessRunner.start(request);
        } catch (IOException e) {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
        }
        for (int i = 0; i < 20 && !Files.exists(directory, LinkOption.NOFOLLOW_LINKS); i++) {
            Thread.sleep(50);
        }
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new MachineDirectoryGone(directory);
        }
        return ProcessRunner.start(request);
    }

    private Result storeData(WatcherRuntime runtime, CapturedOutput output) {
        if (output.dropped() > 0) {
            return Result.failed("could not save output data: output is larger than "
                    + DATA_OUTPUT_LIMIT + " bytes");
        }
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(output.text());
        } catch (JsonProcessingException e) {
            return Result.failed("could not save output data: output is not JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            return Result.failed("could not save output data: output is not a JSON object");
        }
        for (var entry : parsed.properties()) {
            try {
                runtime.machine().putData(entry.getKey(), entry.getValue());
            } catch (IOException e) {
                return Result.failed("could not save output data: key '" + entry.getKey() + "': " + e.getMessage());
            }
        }
        return Result.of(ExecState.SUCCESS);
    }

    private static void logOutput(WatcherRuntime runtime, String command, CapturedOutput output) {
        if (output.isEmpty()) {
            return;
        }
        String dropped = output.dropped() > 0 ? " (" + output.dropped() + " more bytes dropped)" : "";
        // operators read what their checks print, success or not
        runtime.log().info("output from {}: {}{}", command, output.text().stripTrailing(), dropped);
    }

    private static Path privateTempFile(String prefix, String content) throws IOException {
        Path file = Files.createTempFile(prefix, ".json",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover 0600 temporary file is harmless and nothing useful can be done here
            }
        }
    }
}

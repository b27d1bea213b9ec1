package mms.watcher.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.json.Json;
import mms.process.CapturedOutput;
import mms.process.CommandLine;
import mms.process.ProcessOutcome;
import mms.process.ProcessRequest;
import mms.process.ProcessRequest.Stdio;
import mms.process.ProcessRunner;
import mms.process.ProgramLookup;
import mms.process.RunningProcess;
import mms.template.Template;
import mms.template.TemplateException;
import mms.watcher.GovernedRun;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Runs a command on wake-ups and every {@code interval}, reporting {@code success} (exit 0) or
 * {@code error}. The child runs in the machine directory with the agent's environment plus
 * {@code MACHINE_WATCHER_NAME}, {@code MACHINE_NAME}, {@code PATH=<agent PATH>:<machine dir>},
 * {@code WATCHER_DATA}, {@code WATCHER_FACTS} (0600 temporary JSON files removed after the run)
 * and the rendered {@code environment} entries. A bare program name is looked up in that child
 * PATH. On timeout the process and its descendants are killed. With {@code governor} set, each run
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
        } else {
            // without an interval the original only ran on state changes, so a watcher active in
            // the initial state never ran; run once at start instead
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
            words = new ArrayList<>(CommandLine.split(command));
        } catch (IllegalArgumentException e) {
            return Result.failed("could not split command '" + command + "' into words: " + e.getMessage());
        }
        if (words.isEmpty()) {
            return Result.failed("command '" + command + "' has no words to run");
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

        Path directory = machine.directory();
        Path dataFile = null;
        Path factsFile = null;
        try {
            dataFile = privateTempFile("choria-exec-data-", Json.write(machine.data()));
            factsFile = privateTempFile("choria-exec-facts-", Json.write(machine.facts()));
            Map<String, String> env = new LinkedHashMap<>();
            String agentPath = Optional.ofNullable(System.getenv("PATH")).orElse("");
            env.put("MACHINE_WATCHER_NAME", settings.name());
            env.put("MACHINE_NAME", machine.name());
            env.put("PATH", agentPath.isEmpty() ? directory.toString() : agentPath + ":" + directory);
            env.put("WATCHER_DATA", dataFile.toString());
            env.put("WATCHER_FACTS", factsFile.toString());
            env.putAll(extra);
            Optional<Path> program = ProgramLookup.find(words.getFirst(), env.get("PATH"), directory);
            if (program.isEmpty()) {
                return Result.failed(words.getFirst().contains("/")
                        ? "command '" + words.getFirst() + "' is not an executable file"
                        : "command '" + words.getFirst() + "' was not found in PATH " + env.get("PATH"));
            }
            words.set(0, program.get().toString());
            return run(runtime, command, properties.disown()
                    ? new ProcessRequest(words, Optional.of(directory), env, Stdio.discard(), Optional.empty(), true)
                    : new ProcessRequest(words, Optional.of(directory), env,
                            Stdio.capture(properties.parseAsData() ? DATA_OUTPUT_LIMIT : LOG_OUTPUT_LIMIT),
                            Optional.of(properties.timeout()), false));
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
            process = ProcessRunner.start(request);
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

package mms.watcher;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import mms.event.WatcherState;
import mms.json.Json;
import mms.template.TemplateException;
import mms.time.ManualTimeSource;
import mms.time.TimeSource;
import mms.time.Wakeup;

/**
 * A hand-written {@link MachineContext} for watcher tests: state you set, recorded transitions,
 * in-memory data and facts, a {@link ManualTimeSource}, a seeded random and a pluggable template
 * renderer. {@link #start(Watcher)} runs a watcher's loop on a virtual thread with a {@link Run}
 * runtime that records publications, success/failure calls and log lines.
 *
 * <p>State changes (via {@link #state(String)} or a transition with a known {@link #edge edge})
 * wake every running watcher, as the real machine does; data changes made by the test through
 * {@link #setData} wake running watchers whose {@link Watcher#wakeOnDataChange()} is true.
 */
public final class FakeMachine implements MachineContext {

    /** Renders a template for {@link FakeMachine#render}; tests may throw to simulate failures. */
    @FunctionalInterface
    public interface Renderer {
        String render(String template) throws TemplateException;
    }

    /** One log line of a {@link Run}. */
    public record LogLine(String level, String message) {}

    private final String name;
    private final Path directory;
    private final ManualTimeSource time;
    private volatile String state;
    private volatile String identity = "fake.example.net";
    private volatile String version = "1.0.0";
    private final String instanceId = "fake-instance-id";
    private final ObjectNode data = Json.object();
    private volatile JsonNode facts = Json.object();
    private volatile Renderer renderer = template -> template;
    private final RandomGenerator random = new java.util.Random(42);
    private final Map<String, String> edges = new ConcurrentHashMap<>();
    private final Map<String, String> foreignStates = new ConcurrentHashMap<>();
    private volatile WatcherServices services = WatcherServices.NONE;
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final List<Run> runs = new CopyOnWriteArrayList<>();

    /**
     * A machine named {@code name} in {@code directory}, in state {@code initialState}, whose clock
     * starts at 2024-05-01T10:00:00Z in UTC.
     */
    public FakeMachine(String name, Path directory, String initialState) {
        this(name, directory, initialState, new ManualTimeSource(Instant.parse("2024-05-01T10:00:00Z")));
    }

    /** As {@link #FakeMachine(String, Path, String)} with a given clock. */
    public FakeMachine(String name, Path directory, String initialState, ManualTimeSource time) {
        this.name = name;
        this.directory = directory;
        this.state = initialState;
        this.time = time;
    }

    // --- test controls

    /** The manual clock; move it with {@link ManualTimeSource#advance(Duration)}. */
    public ManualTimeSource clock() {
        return time;
    }

    /** Sets the state directly (no transition recorded) and wakes every running watcher. */
    public void state(String newState) {
        state = newState;
        runs.forEach(Run::wakeup);
    }

    /** Declares that firing {@code event} moves the machine to {@code destination}, from any state. */
    public FakeMachine edge(String event, String destination) {
        edges.put(event, destination);
        return this;
    }

    /** Sets the state another machine on the "host" is in. */
    public FakeMachine foreign(String machineName, String foreignState) {
        foreignStates.put(machineName, foreignState);
        return this;
    }

    /** Replaces the facts. */
    public FakeMachine facts(JsonNode newFacts) {
        facts = newFacts.deepCopy();
        return this;
    }

    /** Replaces the template renderer (default: returns the text unchanged). */
    public FakeMachine renderer(Renderer newRenderer) {
        renderer = newRenderer;
        return this;
    }

    /** Sets the identity. */
    public FakeMachine identity(String newIdentity) {
        identity = newIdentity;
        return this;
    }

    /** Replaces the services the agent offers (default {@link WatcherServices#NONE}). */
    public FakeMachine services(WatcherServices newServices) {
        services = newServices;
        return this;
    }

    /** Stores data as another party would and wakes the watchers that asked for data changes. */
    public void setData(String key, JsonNode value) {
        synchronized (data) {
            data.set(key, value);
        }
        runs.stream().filter(r -> r.watcher.wakeOnDataChange()).forEach(Run::wakeup);
    }

    /** Every event fired through {@link #transition(String)}, in order, fireable or not. */
    public List<String> transitions() {
        return List.copyOf(transitions);
    }

    /**
     * Starts {@code watcher}'s loop on a virtual thread named {@code machine#watcher}.
     * Stop it with {@link Run#close()} (try-with-resources).
     */
    public Run start(Watcher watcher) {
        Run run = new Run(watcher);
        runs.add(run);
        run.thread = Thread.ofVirtual().name(name + "#" + watcher.settings().name()).start(run::loop);
        return run;
    }

    // --- MachineContext

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public String state() {
        return state;
    }

    @Override
    public TransitionOutcome transition(String event) {
        if (event == null || event.isEmpty()) {
            return TransitionOutcome.NONE;
        }
        transitions.add(event);
        String destination = edges.get(event);
        if (destination == null) {
            return TransitionOutcome.NOT_VALID;
        }
        if (destination.equals(state)) {
            return TransitionOutcome.SAME_STATE;
        }
        state(destination);
        return TransitionOutcome.PERFORMED;
    }

    @Override
    public Optional<String> foreignState(String machineName) {
        return Optional.ofNullable(foreignStates.get(machineName));
    }

    @Override
    public Optional<JsonNode> data(String key) {
        synchronized (data) {
            return Optional.ofNullable(data.get(key)).map(JsonNode::deepCopy);
        }
    }

    @Override
    public ObjectNode data() {
        synchronized (data) {
            return data.deepCopy();
        }
    }

    @Override
    public boolean putData(String key, JsonNode value) throws IOException {
        synchronized (data) {
            boolean changed = !value.equals(data.get(key));
            data.set(key, value.deepCopy());
            return changed;
        }
    }

    @Override
    public boolean deleteData(String key) throws IOException {
        synchronized (data) {
            return data.remove(key) != null;
        }
    }

    @Override
    public JsonNode facts() {
        return facts.deepCopy();
    }

    @Override
    public String render(String template) throws TemplateException {
        return renderer.render(template);
    }

    @Override
    public TimeSource time() {
        return time;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public WatcherServices services() {
        return services;
    }

    /**
     * A running watcher loop and the {@link WatcherRuntime} it sees: records everything it
     * publishes, its success/failure calls (which fire the settings' transitions on the machine)
     * and its log lines.
     */
    public final class Run implements WatcherRuntime, WatcherLog, AutoCloseable {
        private final Watcher watcher;
        private final Wakeup wakeup = new Wakeup();
        private final List<WatcherState> published = new CopyOnWriteArrayList<>();
        private final List<WatcherState> completedRuns = new CopyOnWriteArrayList<>();
        private final List<LogLine> logs = new CopyOnWriteArrayList<>();
        private final AtomicInteger successes = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicReference<Throwable> crash = new AtomicReference<>();
        private final AtomicInteger awaits = new AtomicInteger();
        private volatile boolean parked;
        private volatile boolean ended;
        private Thread thread;

        private Run(Watcher watcher) {
            this.watcher = watcher;
        }

        private void loop() {
            try {
                watcher.run(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                crash.set(e);
            } finally {
                ended = true;
            }
        }

        /** Raises the watcher's wake-up signal. */
        public void wakeup() {
            wakeup.signal();
        }

        /** The state after each run the watcher reported ({@link WatcherRuntime#ran()}), in order. */
        public List<WatcherState> completedRuns() {
            return List.copyOf(completedRuns);
        }

        /** States published so far, in order. */
        public List<WatcherState> published() {
            return List.copyOf(published);
        }

        /** The last published state. @throws AssertionError when nothing was published */
        public WatcherState lastPublished() {
            List<WatcherState> all = published();
            if (all.isEmpty()) {
                throw new AssertionError("nothing was published");
            }
            return all.getLast();
        }

        /** The watcher's current state record, as {@link Watcher#currentState()}. */
        public WatcherState watcherState() {
            return watcher.currentState();
        }

        /** How many times {@link #success()} was called. */
        public int successes() {
            return successes.get();
        }

        /** How many times {@link #failure()} was called. */
        public int failures() {
            return failures.get();
        }

        /** Log lines so far. */
        public List<LogLine> logs() {
            return List.copyOf(logs);
        }

        /** Log messages so far, as {@code LEVEL message}. */
        public List<String> logText() {
            return logs.stream().map(l -> l.level() + " " + l.message()).toList();
        }

        /** Whether the loop has returned. */
        public boolean ended() {
            return ended;
        }

        /** What the loop threw, other than {@link InterruptedException}. */
        public Optional<Throwable> crash() {
            return Optional.ofNullable(crash.get());
        }

        /**
         * Waits (up to 20 s of real time) until the loop is inside {@link #awaitWakeup(Instant)},
         * i.e. it has computed its next deadline and it is safe to move time.
         */
        public void awaitParked() {
            await().atMost(Duration.ofSeconds(20)).until(() -> parked || ended);
        }

        /** How many times the loop has called {@link #awaitWakeup(Instant)}. */
        public int awaits() {
            return awaits.get();
        }

        /**
         * Wakes the loop and waits until it has handled the wake-up and parked again. Only
         * neutral for watchers whose reaction to a wake-up is the test's intent.
         */
        public void wakeupAndSettle() {
            awaitParked();
            int before = awaits.get();
            wakeup();
            await().atMost(Duration.ofSeconds(20)).until(() -> (awaits.get() > before && parked) || ended);
        }

        /** Interrupts the loop and waits for it to end. */
        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            if (!thread.join(Duration.ofSeconds(20))) {
                throw new AssertionError(thread.getName() + " did not stop within 20s");
            }
            runs.remove(this);
        }

        // --- WatcherRuntime

        @Override
        public MachineContext machine() {
            return FakeMachine.this;
        }

        @Override
        public WatcherLog log() {
            return this;
        }

        @Override
        public boolean shouldWatch() {
            WatcherSettings settings = watcher.settings();
            if (!settings.stateMatch().isEmpty() && !settings.stateMatch().contains(state)) {
                return false;
            }
            for (var required : settings.foreignStateRequired()) {
                Optional<String> other = foreignState(required.machineName());
                if (other.isEmpty() || !other.get().equals(required.state())) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void success() {
            successes.incrementAndGet();
            transition(watcher.settings().successTransition());
        }

        @Override
        public void failure() {
            failures.incrementAndGet();
            transition(watcher.settings().failTransition());
        }

        @Override
        public void publish() {
            published.add(watcher.currentState());
        }

        @Override
        public void ran() {
            completedRuns.add(watcher.currentState());
        }

        @Override
        public boolean awaitWakeup(Instant deadline) throws InterruptedException {
            awaits.incrementAndGet();
            parked = true;
            try {
                return time.await(wakeup, deadline);
            } finally {
                parked = false;
            }
        }

        // --- WatcherLog

        @Override
        public void debug(String format, Object... args) {
            logs.add(new LogLine("DEBUG", format(format, args)));
        }

        @Override
        public void info(String format, Object... args) {
            logs.add(new LogLine("INFO", format(format, args)));
        }

        @Override
        public void warn(String format, Object... args) {
            logs.add(new LogLine("WARN", format(format, args)));
        }

        @Override
        public void error(String format, Object... args) {
            logs.add(new LogLine("ERROR", format(format, args)));
        }

        private static String format(String format, Object... args) {
            StringBuilder out = new StringBuilder();
            int arg = 0;
            int i = 0;
            while (i < format.length()) {
                if (format.startsWith("{}", i) && arg < args.length) {
                    out.append(args[arg++]);
                    i += 2;
                } else {
                    out.append(format.charAt(i++));
                }
            }
            return out.toString();
        }
    }

    /** Settings for a test watcher: no interval, no announce, no foreign states. */
    public static WatcherSettings settings(String name, String type, List<String> stateMatch,
                                           String failTransition, String successTransition, Duration interval) {
        return new WatcherSettings(name, type, new ArrayList<>(stateMatch), List.of(), failTransition,
                successTransition, interval, Duration.ZERO);
    }
}

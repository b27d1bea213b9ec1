package mms.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import mms.duration.GoDuration;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.machine.MachineData;
import mms.machine.MachineDefinition;
import mms.machine.Manifest;
import mms.machine.TransitionDefinition;
import mms.template.Template;
import mms.template.TemplateContext;
import mms.template.TemplateException;
import mms.time.Backoff;
import mms.time.FailureSeries;
import mms.time.TimeSource;
import mms.time.Wakeup;
import mms.watcher.MachineContext;
import mms.watcher.TransitionOutcome;
import mms.watcher.Watcher;
import mms.watcher.WatcherLog;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running machine: its state, its watchers (one virtual thread each, named
 * {@code machine#watcher}), its data and its storm protection.
 *
 * <p>Differences from the original, on purpose: a watcher failing to build stops the load, not
 * half the start; {@link #start()} starts once even with {@code splay_start}; {@link #stop()} waits
 * until every watcher loop has ended and runs their {@link Watcher#close()}; a refused transition
 * is reported to the caller; the storm-protection sleep does not block state reads; a watcher
 * whose run fails with an unexpected exception or error is reported and run again after a
 * backoff, for as long as the machine runs ({@link #watcherFailures()}); a change of the node's
 * facts wakes the watchers that read them ({@link #factsChanged()}).
 */
public final class Machine {
    private static final Logger LOG = LoggerFactory.getLogger("mms.machine");
    /** Storm protection: the original's waits for the 1st, 2nd, … transition without a quiet period. */
    private static final Backoff STORM_PROTECTION = new Backoff(Backoff.millis(
            25, 50, 75, 100, 125, 150, 200, 250, 500, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000),
            Backoff.Jitter.AROUND);
    private static final Duration QUIET_PERIOD = Duration.ofMinutes(1);
    /** How long a watcher whose run failed waits before it runs again: about 1 s, doubling to 1 min. */
    static final Backoff WATCHER_RESTART = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1));
    /** A run that lasted this long before failing was healthy: the next failure starts a new series. */
    private static final Duration HEALTHY_RUN = Duration.ofMinutes(1);
    /** How often a watcher failing the same way again and again is logged at ERROR again. */
    static final Duration FAILURE_REMINDER = Duration.ofMinutes(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final MachineDefinition definition;
    private final Path directory;
    private final String manifestHash;
    private final String instanceId = UUID.randomUUID().toString();
    private final MachineEnvironment env;
    private final MachineData data;
    private final List<String> warnings;
    /** event name → from state → destination */
    private final Map<String, Map<String, String>> edges = new HashMap<>();
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private volatile String state;
    private final ReentrantLock transitionLock = new ReentrantLock();
    private final Wakeup stopSignal = new Wakeup();
    private int backoffCounter;
    private Instant quietUntil;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Instant startTime;
    private final List<Thread> threads = new ArrayList<>();

    Machine(Manifest manifest, Path directory, List<Watcher> watchers, List<String> warnings, MachineEnvironment env) {
        this.definition = manifest.definition();
        this.directory = directory;
        this.manifestHash = manifest.sha256();
        this.env = env;
        this.warnings = List.copyOf(warnings);
        this.state = definition.initialState();
        for (TransitionDefinition t : definition.transitions()) {
            for (String from : t.from()) {
                edges.computeIfAbsent(t.name(), k -> new HashMap<>()).put(from, t.destination());
            }
        }
        this.data = MachineData.load(directory, message -> LOG.warn("{}: {}", definition.name(), message));
        for (Watcher w : watchers) {
            slots.put(w.settings().name(), new Slot(w));
        }
        data.onChange((key, writer) -> slots.values().forEach(slot -> {
            if (!slot.watcherName().equals(writer) && slot.watcher.wakeOnDataChange()) {
                slot.wakeup.signal();
            }
        }));
    }

    /** Machine name. */
    public String name() {
        return definition.name();
    }

    /** Machine version. */
    public String version() {
        return definition.version();
    }

    /** The definition it runs. */
    public MachineDefinition definition() {
        return definition;
    }

    /** The machine directory. */
    public Path directory() {
        return directory;
    }

    /** SHA-256 of the manifest it was loaded from. */
    public String manifestHash() {
        return manifestHash;
    }

    /** A new UUID per load, as the original. */
    public String instanceId() {
        return instanceId;
    }

    /** Warnings found while loading (unknown keys, unused properties). */
    public List<String> warnings() {
        return warnings;
    }

    /** The current state. */
    public String state() {
        return state;
    }

    /** When the watchers started, if they have. */
    public Optional<Instant> startTime() {
        return Optional.ofNullable(startTime);
    }

    /** Events that can fire from the current state, sorted. */
    public List<String> availableTransitions() {
        String current = state;
        TreeSet<String> out = new TreeSet<>();
        edges.forEach((event, from) -> {
            if (from.containsKey(current)) {
                out.add(event);
            }
        });
        return List.copyOf(out);
    }

    /** A copy of the machine data. */
    public ObjectNode data() {
        return data.snapshot();
    }

    /**
     * The last failure of each watcher whose run failed since this instance loaded, in file order;
     * kept after the watcher runs again, so a status report can say what went wrong and when.
     */
    public List<WatcherFailure> watcherFailures() {
        return slots.values().stream().map(slot -> slot.lastFailure).filter(Objects::nonNull).toList();
    }

    /**
     * Tells the machine that the node's facts changed: wakes the watchers whose checks read facts
     * ({@link Watcher#wakeOnFactsChange()}) so they check again at once. Called by the host.
     */
    public void factsChanged() {
        slots.values().forEach(slot -> {
            if (slot.watcher.wakeOnFactsChange()) {
                slot.wakeup.signal();
            }
        });
    }

    /**
     * Starts the watchers, after the {@code splay_start} delay if any. Returns at once; calling it
     * again, or after {@link #stop()}, does nothing.
     */
    public void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread starter = Thread.ofVirtual().name(name() + "#start").unstarted(this::startWatchers);
        synchronized (threads) {
            threads.add(starter);
        }
        starter.start();
    }

    private void startWatchers() {
        try {
            if (definition.splayStart() > 0) {
                Duration splay = Duration.ofSeconds(env.random().nextInt(definition.splayStart()));
                LOG.info("{}: sleeping {} before starting", name(), GoDuration.format(splay));
                if (env.time().await(stopSignal, env.time().instant().plus(splay)) || stopped.get()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            return;
        }
        LOG.info("starting machine {} version {} from {} in state {}", name(), version(), directory, state);
        synchronized (threads) {
            if (stopped.get()) {
                return;
            }
            for (Slot slot : slots.values()) {
                threads.add(Thread.ofVirtual().name(name() + "#" + slot.watcherName()).start(slot::runLoop));
                if (!slot.watcher.settings().announceInterval().isZero()) {
                    threads.add(Thread.ofVirtual().name(name() + "#" + slot.watcherName() + "#announce").start(slot::announceLoop));
                }
            }
            startTime = env.time().instant();
        }
    }

    /**
     * Stops the machine: interrupts every watcher, waits until their loops have ended (up to 30 s,
     * then logs which did not), closes the watchers and saves the data. Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopSignal.signal();
        List<Thread> toJoin;
        synchronized (threads) {
            toJoin = List.copyOf(threads);
        }
        toJoin.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread t : toJoin) {
            try {
                if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    LOG.warn("{}: {} did not stop within {}s", name(), t.getName(), STOP_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Slot slot : slots.values()) {
            try {
                slot.watcher.close();
            } catch (RuntimeException e) {
                LOG.warn("{}#{}: closing failed: {}", name(), slot.watcherName(), e.toString());
            }
        }
        try {
            data.flush();
        } catch (IOException e) {
            LOG.warn("{}: {}", name(), e.getMessage());
        }
        startTime = null;
        LOG.info("stopped machine {}", name());
    }

    /** This machine as it is now. */
    public MachineSnapshot snapshot() {
        return new MachineSnapshot(name(), version(), state, instanceId, directory, manifestHash, definition,
                watcherFailures());
    }

    /** Whether {@link #stop()} was called. */
    public boolean isStopped() {
        return stopped.get();
    }

    /**
     * Fires {@code event}: see {@link TransitionOutcome} for the possible results. Storm protection
     * may delay it (up to about 7.5 s for a machine that transitions in a tight loop).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public TransitionOutcome transition(String event) throws InterruptedException {
        if (event == null || event.isEmpty()) {
            return TransitionOutcome.NONE;
        }
        transitionLock.lockInterruptibly();
        try {
            if (stopped.get()) {
                return TransitionOutcome.STOPPED;
            }
            String from = state;
            String destination = edges.getOrDefault(event, Map.of()).get(from);
            if (destination == null) {
                LOG.warn("{}: could not fire '{}' event while in {} state", name(), event, from);
                return TransitionOutcome.NOT_VALID;
            }
            if (!backoff(event)) {
                return TransitionOutcome.STOPPED;
            }
            if (destination.equals(from)) {
                return TransitionOutcome.SAME_STATE;
            }
            state = destination;
            TransitionNotification notification = new TransitionNotification(env.identity(), instanceId, version(),
                    env.time().instant().getEpochSecond(), name(), event, from, destination);
            slots.values().forEach(slot -> slot.wakeup.signal());
            publish(() -> env.events().publish(notification));
            publish(() -> env.transitions().accept(notification));
            return TransitionOutcome.PERFORMED;
        } finally {
            transitionLock.unlock();
        }
    }

    /** Whether {@code event} can fire from the current state. */
    public boolean canFire(String event) {
        return edges.getOrDefault(event, Map.of()).containsKey(state);
    }

    /**
     * Fires this machine's transitions that subscribe to {@code notification}'s machine and event,
     * in file order. Called by the host for every transition of every machine.
     */
    public void onTransition(TransitionNotification notification) throws InterruptedException {
        for (TransitionDefinition t : definition.transitions()) {
            for (TransitionDefinition.Subscription s : t.subscribe()) {
                if (s.machineName().equals(notification.machine()) && s.event().equals(notification.transition())) {
                    LOG.info("{}: triggering {} transition via {}#{}", name(), t.name(), notification.machine(), notification.transition());
                    transition(t.name());
                }
            }
        }
    }

    private boolean backoff(String event) throws InterruptedException {
        TimeSource time = env.time();
        Instant now = time.instant();
        if (quietUntil == null) {
            quietUntil = now.plus(QUIET_PERIOD);
        } else if (!now.isBefore(quietUntil)) {
            backoffCounter = 0;
            quietUntil = now.plus(QUIET_PERIOD);
        }
        if (backoffCounter > 0) {
            Duration wait = STORM_PROTECTION.delay(backoffCounter, env.random());
            LOG.info("{}: rate limiting fast transition {} after {} transitions without a quiet period for {}",
                    name(), event, backoffCounter, GoDuration.format(wait));
            if (time.await(stopSignal, time.instant().plus(wait)) || stopped.get()) {
                return false;
            }
            quietUntil = time.instant().plus(QUIET_PERIOD);
        }
        backoffCounter++;
        return true;
    }

    private void publish(Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: could not publish event notification: {}", name(), e.toString());
        }
    }

    /** A watcher with its wake-up slot; also the runtime and machine view handed to it. */
    private final class Slot implements WatcherRuntime, MachineContext, WatcherLog {
        private final Watcher watcher;
        private final WatcherSettings settings;
        private final Wakeup wakeup = new Wakeup();
        private final String prefix;
        /** Failed runs in a row; loop thread only. */
        private final FailureSeries failures = new FailureSeries(FAILURE_REMINDER);
        /** The last failure of a run, for status reports; written by the loop thread only. */
        private volatile WatcherFailure lastFailure;

        Slot(Watcher watcher) {
            this.watcher = watcher;
            this.settings = watcher.settings();
            this.prefix = Machine.this.name() + "#" + settings.name() + ": ";
        }

        String watcherName() {
            return settings.name();
        }

        /**
         * Runs the watcher until the machine stops. A run that fails with an unexpected exception
         * or error (a bug, or the host out of threads for a moment) is reported and, after a
         * backoff, started again: a transient fault must not stop a watcher for good.
         */
        void runLoop() {
            while (!stopped.get()) {
                Instant started = env.time().instant();
                try {
                    watcher.run(this);
                    return; // the watcher has nothing more to do
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException | Error e) {
                    if (stopped.get() || Thread.currentThread().isInterrupted()) {
                        debug("watcher ended while the machine stops: {}", e.toString());
                        return;
                    }
                    if (Duration.between(started, env.time().instant()).compareTo(HEALTHY_RUN) >= 0) {
                        failures.succeeded();
                    }
                    Duration wait = WATCHER_RESTART.steps().getFirst();
                    try {
                        wait = reportFailure(e);
                    } catch (RuntimeException | Error reporting) {
                        // reporting failed too (out of memory, say): run the watcher again all the same
                    }
                    try {
                        env.time().sleep(wait);
                    } catch (InterruptedException stopping) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /**
         * Counts a failed run, keeps it for {@link #watcherFailures()} and reports it: a new
         * failure at ERROR with its stack trace, publishing the watcher's state; the same failure
         * again at DEBUG, with an ERROR reminder every {@link #FAILURE_REMINDER}.
         *
         * @return how long to wait before running the watcher again
         */
        private Duration reportFailure(Throwable failure) {
            Instant now = env.time().instant();
            String error = failure.toString();
            FailureSeries.Report report = failures.failed(error, now);
            int times = failures.failures();
            Instant since = failures.since().orElse(now);
            lastFailure = new WatcherFailure(settings.name(), error, now, times, since);
            Duration wait = WATCHER_RESTART.delay(times, env.random());
            String again = GoDuration.format(wait);
            switch (report) {
                case NEW -> {
                    LOG.error("{}watcher failed, running it again in {}: {}", prefix, again, error, failure);
                    publish();
                }
                case REMINDER -> LOG.error("{}watcher still failing ({} times since {}), running it again in {}: {}",
                        prefix, times, since, again, error);
                case QUIET -> debug("watcher failed again ({} times), running it again in {}: {}", times, again, error);
            }
            return wait;
        }

        void announceLoop() {
            Wakeup never = new Wakeup();
            Duration every = settings.announceInterval();
            try {
                Instant next = env.time().instant().plus(every);
                while (!Thread.currentThread().isInterrupted()) {
                    env.time().await(never, next);
                    if (!env.time().instant().isBefore(next)) {
                        publish();
                        next = next.plus(every);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        // --- WatcherRuntime

        @Override
        public MachineContext machine() {
            return this;
        }

        @Override
        public WatcherLog log() {
            return this;
        }

        @Override
        public boolean shouldWatch() {
            String current = Machine.this.state;
            if (!settings.stateMatch().isEmpty() && !settings.stateMatch().contains(current)) {
                return false;
            }
            for (var required : settings.foreignStateRequired()) {
                if (required.machineName().isEmpty() || required.state().isEmpty()) {
                    error("invalid required state: machine_name and state are both required");
                    return false;
                }
                Optional<String> other = env.stateLookup().apply(required.machineName());
                if (other.isEmpty()) {
                    debug("could not find machine matching name='{}'", required.machineName());
                    return false;
                }
                if (!other.get().equals(required.state())) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void success() throws InterruptedException {
            if (!settings.successTransition().isEmpty()) {
                info("success transitioning using {} event", settings.successTransition());
                Machine.this.transition(settings.successTransition());
            }
        }

        @Override
        public void failure() throws InterruptedException {
            if (!settings.failTransition().isEmpty()) {
                info("fail transitioning using {} event", settings.failTransition());
                Machine.this.transition(settings.failTransition());
            }
        }

        @Override
        public void publish() {
            try {
                env.events().publish(stateNotification());
            } catch (RuntimeException e) {
                warn("could not notify watcher state: {}", e.toString());
            }
        }

        @Override
        public void ran() {
            try {
                env.events().ran(stateNotification());
            } catch (RuntimeException e) {
                warn("could not report a watcher run: {}", e.toString());
            }
        }

        private WatcherStateNotification stateNotification() {
            return new WatcherStateNotification(env.identity(), instanceId, Machine.this.version(),
                    env.time().instant().getEpochSecond(), settings.type(), Machine.this.name(), settings.name(),
                    watcher.currentState());
        }

        @Override
        public boolean awaitWakeup(Instant deadline) throws InterruptedException {
            return env.time().await(wakeup, deadline);
        }

        // --- MachineContext

        @Override
        public String name() {
            return Machine.this.name();
        }

        @Override
        public String version() {
            return Machine.this.version();
        }

        @Override
        public String instanceId() {
            return instanceId;
        }

        @Override
        public String identity() {
            return env.identity();
        }

        @Override
        public Path directory() {
            return directory;
        }

        @Override
        public String state() {
            return Machine.this.state;
        }

        @Override
        public TransitionOutcome transition(String event) throws InterruptedException {
            return Machine.this.transition(event);
        }

        @Override
        public Optional<String> foreignState(String machineName) {
            return env.stateLookup().apply(machineName);
        }

        @Override
        public Optional<JsonNode> data(String key) {
            return data.get(key);
        }

        @Override
        public ObjectNode data() {
            return data.snapshot();
        }

        @Override
        public boolean putData(String key, JsonNode value) throws IOException {
            return data.put(key, value, settings.name());
        }

        @Override
        public boolean deleteData(String key) throws IOException {
            return data.delete(key, settings.name());
        }

        @Override
        public JsonNode facts() {
            return env.facts().get();
        }

        @Override
        public String render(String template) throws TemplateException {
            if (!Template.isTemplate(template)) {
                return template;
            }
            // a lookup falling back to its default is normal on every render of a template: DEBUG, not
            // an INFO line per run of a watcher that checks every few seconds
            return Template.render(template, new TemplateContext(facts(), data.snapshot(), message -> debug("{}", message)));
        }

        @Override
        public TimeSource time() {
            return env.time();
        }

        @Override
        public RandomGenerator random() {
            return env.random();
        }

        @Override
        public WatcherServices services() {
            return env.services();
        }

        // --- WatcherLog

        @Override
        public void debug(String format, Object... args) {
            if (LOG.isDebugEnabled()) {
                LOG.debug(prefix + format, args);
            }
        }

        @Override
        public void info(String format, Object... args) {
            LOG.info(prefix + format, args);
        }

        @Override
        public void warn(String format, Object... args) {
            LOG.warn(prefix + format, args);
        }

        @Override
        public void error(String format, Object... args) {
            LOG.error(prefix + format, args);
        }
    }

}

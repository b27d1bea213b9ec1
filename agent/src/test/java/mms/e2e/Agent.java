package mms.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import mms.event.MachineEvent;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.host.FactsSource;
import mms.host.Host;
import mms.host.HostOptions;
import mms.host.ManagerMachine;
import mms.kv.KeyValueStore;
import mms.runtime.Machine;
import mms.runtime.WatcherRegistry;
import mms.spec.Ed25519PublicKey;
import mms.spec.Trust;
import mms.time.TimeSource;
import mms.watcher.WatcherServices;
import mms.watcher.machines.MachinesState;
import mms.watcher.machines.MachinesStateNotification;

/**
 * A node as {@code mms agent --manage --signing-key KEY} runs it: a real {@link Host} over a
 * machines directory with the stock watcher types, the store and the agent's trust settings as host services
 * and the built-in {@link ManagerMachine} (kv watcher + machines watcher, purging unknown machines).
 * Every event is recorded.
 */
public final class Agent implements AutoCloseable {
    /** The manager machine's name (and directory). */
    public static final String MANAGER = "mms_manager";
    /** This node's identity. */
    public static final String IDENTITY = "node1.example.net";
    /** The specification's key in the bucket, also the data item. */
    public static final String KEY = "machines";

    private final Host host;
    private final FactsSource facts;
    private final Path machines;
    private final List<MachineEvent> events = new CopyOnWriteArrayList<>();

    /**
     * How the agent runs.
     *
     * @param mode         kv watcher mode, {@code watch} or {@code poll}
     * @param pollInterval kv watcher interval (the safety net in watch mode)
     * @param trust        the agent's {@code signing_key} and {@code allow_unsigned}
     * @param listener     called with every event on the publishing thread
     * @param facts        the agent's {@code facts} file, watched for changes as {@code mms agent} does
     * @param recordEvents whether {@link #events()} keeps every event (a long run under load would
     *                     keep them all in memory)
     */
    public record Options(String mode, Duration pollInterval, Trust trust, Consumer<MachineEvent> listener,
                          Optional<Path> facts, boolean recordEvents) {

        /** Recording every event. */
        public Options(String mode, Duration pollInterval, Trust trust, Consumer<MachineEvent> listener,
                       Optional<Path> facts) {
            this(mode, pollInterval, trust, listener, facts, true);
        }

        /** Without a facts file. */
        public Options(String mode, Duration pollInterval, Trust trust, Consumer<MachineEvent> listener) {
            this(mode, pollInterval, trust, listener, Optional.empty());
        }

        /** An agent with {@code signing_key} set to {@code signingKey}, when present, and no {@code allow_unsigned}. */
        public Options(String mode, Duration pollInterval, Optional<Ed25519PublicKey> signingKey,
                       Consumer<MachineEvent> listener) {
            this(mode, pollInterval, Trust.of(signingKey, false), listener);
        }

        /** As above, with a facts file. */
        public Options(String mode, Duration pollInterval, Optional<Ed25519PublicKey> signingKey,
                       Consumer<MachineEvent> listener, Optional<Path> facts) {
            this(mode, pollInterval, Trust.of(signingKey, false), listener, facts);
        }

        /** These options with events only handed to the listener, not kept. */
        public Options withoutRecording() {
            return new Options(mode, pollInterval, trust, listener, facts, false);
        }
    }

    private Agent(Path machines, KeyValueStore store, String bucket, Options options) {
        this.machines = machines;
        ManagerMachine manager = new ManagerMachine(MANAGER, bucket, KEY, options.mode(), options.pollInterval(),
                Duration.ofMinutes(1), Duration.ofMinutes(2), true, Optional.empty(), "0.0.0-e2e");
        this.facts = new FactsSource(options.facts());
        this.host = new Host(new HostOptions(machines, IDENTITY, facts, TimeSource.system(), new Random(),
                event -> {
                    if (options.recordEvents()) {
                        events.add(event);
                    }
                    options.listener().accept(event);
                },
                WatcherRegistry.discover(), List.of(manager), WatcherServices.NONE.withStore(store).withTrust(options.trust()),
                Duration.ofSeconds(10)));
    }

    /** Starts an agent on {@code machines} managing from {@code bucket} of {@code store}. */
    public static Agent start(Path machines, KeyValueStore store, String bucket, Options options) throws IOException {
        Agent agent = new Agent(machines, store, bucket, options);
        try {
            agent.host.start();
            agent.facts.watch(Duration.ofSeconds(10), agent.host::factsChanged);
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    /** The host. */
    public Host host() {
        return host;
    }

    /** The machines directory. */
    public Path machines() {
        return machines;
    }

    /** Every event so far, in publication order (none when started {@link Options#withoutRecording()}). */
    public List<MachineEvent> events() {
        return List.copyOf(events);
    }

    /** How many events so far match {@code filter}. */
    public long count(Predicate<MachineEvent> filter) {
        return events.stream().filter(filter).count();
    }

    /** The machine {@code name} at {@code version}, when it runs and has reached {@code running}. */
    public Optional<Machine> running(String name, String version) {
        return host.machine(name).filter(m -> m.version().equals(version) && m.state().equals("running"));
    }

    /** A watcher-state event of the manager's machines watcher with {@code outcome}. */
    public static Predicate<MachineEvent> machinesOutcome(MachinesState outcome) {
        return e -> e instanceof WatcherStateNotification w && w.machine().equals(MANAGER)
                && w.type().equals("machines") && w.state() instanceof MachinesStateNotification s
                && s.previousOutcome() == outcome;
    }

    /** A transition of machine {@code name} into {@code state}. */
    public static Predicate<MachineEvent> entered(String name, String state) {
        return e -> e instanceof TransitionNotification t && t.machine().equals(name) && t.toState().equals(state);
    }

    /** Stops every machine. */
    @Override
    public void close() {
        facts.close();
        host.close();
    }
}

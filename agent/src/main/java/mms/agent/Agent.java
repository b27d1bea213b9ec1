package mms.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import mms.archive.source.HttpSource;
import mms.config.AgentConfig;
import mms.event.EventSink;
import mms.event.FanOutEventSink;
import mms.event.JsonLinesEventSink;
import mms.governor.Governor;
import mms.governor.GovernorEventSink;
import mms.host.CompiledMachine;
import mms.host.FactsSource;
import mms.host.Host;
import mms.host.HostOptions;
import mms.host.ManagerMachine;
import mms.kv.InvalidName;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import mms.watcher.WatcherServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the one place where everything that exists once per agent is made (see the
 * package documentation). Start it with {@link #start} (a node hosting its machines directory) or
 * {@link #startMachine} (one machine in the foreground, {@code mms machine run}), read
 * {@link #status()} while it runs, and {@link #close()} it to stop every machine and release the
 * store. Thread safe.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    /** The built-in manager machine's name (setting {@code manage}). */
    public static final String MANAGER = "mms_manager";
    /** Filesystem notifications do the real work; the rescans only catch what they miss. */
    static final Duration RESCAN = Duration.ofSeconds(10);
    /** The archive re-check interval of the managers the built-in manager writes. */
    static final Duration MANAGER_ARCHIVE_INTERVAL = Duration.ofMinutes(2);

    private final AgentConfig config;
    private final Instant started;
    private final EventSink events;
    private final KeyValueStore store;
    private final FactsSource facts;
    /** The host of the machines directory; absent when running one machine. */
    private final Optional<Host> host;
    /** The one machine of {@link #startMachine}; absent for a host. */
    private final Optional<Machine> single;
    private final Object closing = new Object();
    private boolean closed;

    private Agent(AgentConfig config, Instant started, EventSink events, KeyValueStore store, FactsSource facts,
                  Optional<Host> host, Optional<Machine> single) {
        this.config = config;
        this.started = started;
        this.events = events;
        this.store = store;
        this.facts = facts;
        this.host = host;
        this.single = single;
    }

    /**
     * Starts a node agent: every machine of the configured machines directory, the compiled-in
     * machines on the class path and, with {@code manage}, the built-in manager. Returns once the
     * machines are loaded and started; they keep running on their own threads until
     * {@link #close()}.
     *
     * @param config the resolved configuration, not null
     * @throws AgentException when the events file cannot be opened or the machines directory cannot
     *     be created or watched; nothing is left running then
     */
    public static Agent start(AgentConfig config) throws AgentException {
        Instant started = Instant.now();
        warnAboutUnsignedSpecifications(config);
        EventSink events = events(config, new mms.event.LogEventSink());
        KeyValueStore store = store(config, events);
        FactsSource facts = new FactsSource(config.facts());
        List<CompiledMachine> compiled = compiledMachines(config);
        Host host = new Host(new HostOptions(config.machines(), config.identity(), facts, TimeSource.system(),
                RandomGenerator.getDefault(), events, WatcherRegistry.discover(), compiled, services(config, store),
                RESCAN));
        Agent agent = new Agent(config, started, events, store, facts, Optional.of(host), Optional.empty());
        LOG.info("key-value store {}", store.description());
        try {
            host.start();
        } catch (IOException e) {
            agent.close();
            throw new AgentException("cannot use machines directory " + config.machines() + ": " + e.getMessage(), e);
        }
        facts.watch(RESCAN, host::factsChanged);
        return agent;
    }

    /**
     * Runs one machine in the foreground, as {@code mms machine run} does: the same store, services
     * and facts as an agent, events to {@code console} (and the configured events file), machine
     * data kept in its directory. No machines directory is scanned and no compiled-in machine runs.
     *
     * @param config           the resolved configuration, not null
     * @param machineDirectory the machine's directory, holding its {@code machine.yaml}, not null
     * @param console          where events are printed, not null
     * @throws AgentException when the machine does not load (the message lists every problem) or the
     *     events file cannot be opened
     */
    public static Agent startMachine(AgentConfig config, Path machineDirectory, EventSink console)
            throws AgentException {
        Instant started = Instant.now();
        Path dir = machineDirectory.toAbsolutePath().normalize();
        EventSink events = events(config, console);
        KeyValueStore store = store(config, events);
        FactsSource facts = new FactsSource(config.facts());
        AtomicReference<Machine> self = new AtomicReference<>();
        MachineEnvironment environment = new MachineEnvironment(config.identity(), facts, TimeSource.system(),
                RandomGenerator.getDefault(), events,
                name -> Optional.ofNullable(self.get()).filter(m -> m.name().equals(name)).map(Machine::state),
                notification -> Thread.ofVirtual().start(() -> {
                    try {
                        self.get().onTransition(notification);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }),
                services(config, store));
        Machine machine;
        try {
            machine = new MachineLoader(WatcherRegistry.discover()).load(ManifestParser.read(dir), dir, true, environment);
        } catch (ManifestException e) {
            closeQuietly(store, events, facts);
            throw new AgentException(String.join("\n", e.problems()), e);
        }
        self.set(machine);
        Agent agent = new Agent(config, started, events, store, facts, Optional.empty(), Optional.of(machine));
        machine.start();
        facts.watch(RESCAN, machine::factsChanged);
        return agent;
    }

    /** What runs now; see {@link AgentStatus}. */
    public AgentStatus status() {
        List<AgentStatus.MachineStatus> machines = machines().stream()
                .map(m -> new AgentStatus.MachineStatus(m.name(), m.version(), m.state(), m.directory(),
                        m.watcherFailures()))
                .sorted(Comparator.comparing(AgentStatus.MachineStatus::name))
                .toList();
        return new AgentStatus(config.identity(), version(), started, store.description(), machines);
    }

    /** The running machine called {@code name}, if any. */
    public Optional<Machine> machine(String name) {
        return machines().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The host of the machines directory; empty for {@link #startMachine}. */
    public Optional<Host> host() {
        return host;
    }

    /** The running machines: the host's, or the one of {@link #startMachine}. */
    public List<Machine> machines() {
        return host.map(Host::machines).orElseGet(() -> single.stream().toList());
    }

    /** Stops every machine completely, then closes the store and the event sinks. Idempotent. */
    @Override
    public void close() {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
        }
        facts.close();
        host.ifPresent(Host::close);
        single.ifPresent(Machine::stop);
        store.close();
        events.close();
    }

    /** The agent's version, baked in at build time; {@code unknown} when it was not. */
    public static String version() {
        return AgentVersion.get();
    }

    /** The services every machine of this agent gets: one store session and its facets. */
    public static WatcherServices services(AgentConfig config, KeyValueStore store) {
        return WatcherServices.of(store, Governor.of(store, GovernorEventSink.log()), config.trust());
    }

    private static EventSink events(AgentConfig config, EventSink first) throws AgentException {
        List<EventSink> sinks = new ArrayList<>();
        sinks.add(first);
        if (config.eventsFile().isPresent()) {
            try {
                sinks.add(new JsonLinesEventSink(config.eventsFile().get()));
            } catch (IOException e) {
                throw new AgentException("cannot open events file " + config.eventsFile().get() + ": " + e.getMessage(), e);
            }
        }
        return new FanOutEventSink(sinks);
    }

    private static KeyValueStore store(AgentConfig config, EventSink events) throws AgentException {
        try {
            return KeyValueStores.openLazily(config.store().url(), config.store().connect());
        } catch (InvalidName e) {
            // the configuration checks the URL when it is resolved; this only guards a hand-made config
            events.close();
            throw new AgentException(e.getMessage(), e);
        }
    }

    private static List<CompiledMachine> compiledMachines(AgentConfig config) {
        List<CompiledMachine> compiled = new ArrayList<>(ServiceLoader.load(CompiledMachine.class).stream()
                .map(ServiceLoader.Provider::get).toList());
        config.manager().ifPresent(m -> {
            compiled.add(new ManagerMachine(MANAGER, m.bucket(), m.key(), "watch", m.interval(), m.interval(),
                    MANAGER_ARCHIVE_INTERVAL, m.purge(), Optional.empty(), version()));
            LOG.info("managing machines from the specification in bucket {} key {}", m.bucket(), m.key());
            // a managing agent downloads archives: have the HTTP client ready before the first
            // specification arrives instead of spending a second or more on its first request
            HttpSource.warmUp();
        });
        return compiled;
    }

    /** Accepting unsigned specifications hands the node to whoever can write to the bucket: said loudly. */
    private static void warnAboutUnsignedSpecifications(AgentConfig config) {
        if (!config.allowUnsigned()) {
            return;
        }
        if (config.signingKey().isPresent()) {
            LOG.warn("allow_unsigned is true but has no effect: signing_key {} is configured and every machines"
                    + " specification must be signed with it", config.signingKey().get().hex());
        } else {
            LOG.warn("allow_unsigned is true: machines watchers without a public key apply specifications without"
                    + " checking any signature, so whoever can write to their bucket controls this node");
        }
    }

    private static void closeQuietly(KeyValueStore store, EventSink events, FactsSource facts) {
        facts.close();
        store.close();
        events.close();
    }
}

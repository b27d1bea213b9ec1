package mms.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import mms.config.AgentConfig;
import mms.event.EventBus;
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
import mms.host.PluginsManagerMachine;
import mms.http.AgentHttpServer;
import mms.http.Endpoint;
import mms.http.Response;
import mms.http.Routes;
import mms.kv.InvalidName;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.MessagePublisher;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.metrics.AgentMetrics;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.MachineSnapshot;
import mms.rollout.RolloutFeed;
import mms.spec.Ed25519PublicKey;
import mms.runtime.WatcherRegistry;
import mms.status.NodeStatus;
import mms.status.StatusPublisher;
import mms.time.TimeSource;
import mms.watcher.AgentHealth;
import mms.watcher.GaugeSink;
import mms.watcher.Monitoring;
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
    /** The outbox on the store's message bus; absent without a NATS store. */
    private final Optional<EventBus> eventBus;
    /** This node's status record; absent when running one machine. */
    private final Optional<StatusPublisher> nodeStatus;
    private final FactsSource facts;
    /** The host of the machines directory; absent when running one machine. */
    private final Optional<Host> host;
    /** The fleet's status records as the machines watchers' rollouts read them; absent when running one machine. */
    private final Optional<RolloutFeed> rollouts;
    /** The one machine of {@link #startMachine}; absent for a host. */
    private final Optional<Machine> single;
    /** The HTTP listener, when {@code http_listen} is set. */
    private final Optional<AgentHttpServer> http;
    private final Object closing = new Object();
    private boolean closed;

    private Agent(AgentConfig config, Instant started, EventSink events, KeyValueStore store,
                  Optional<EventBus> eventBus, FactsSource facts, Optional<StatusPublisher> nodeStatus,
                  Optional<Host> host, Optional<RolloutFeed> rollouts, Optional<Machine> single,
                  Optional<AgentHttpServer> http) {
        this.config = config;
        this.started = started;
        this.events = events;
        this.store = store;
        this.eventBus = eventBus;
        this.nodeStatus = nodeStatus;
        this.facts = facts;
        this.host = host;
        this.rollouts = rollouts;
        this.single = single;
        this.http = http;
    }

    /**
     * Starts a node agent: every machine of the configured machines directory, the compiled-in
     * machines on the class path and, with {@code manage}, the built-in manager. Returns once the
     * machines are loaded and started; they keep running on their own threads until
     * {@link #close()}.
     *
     * @param config the resolved configuration, not null
     * @throws AgentException when the events file cannot be opened, the machines directory cannot
     *     be created or watched, or {@code http_listen} cannot be bound; nothing is left running then
     */
    public static Agent start(AgentConfig config) throws AgentException {
        Instant started = Instant.now();
        warnAboutUnsignedSpecifications(config);
        Optional<AgentMetrics> metrics = metrics(config);
        KeyValueStore store = store(config);
        StatusPublisher status = new StatusPublisher(new StatusPublisher.Options(config.identity(), version(), started,
                config.statusInterval()), store, TimeSource.system(), RandomGenerator.getDefault());
        EventSink local;
        try {
            local = events(config, metrics, new mms.event.LogEventSink(), status);
        } catch (AgentException e) {
            store.close();
            throw e;
        }
        // with a NATS store every event also goes out on the original's subjects, as the original publishes them
        Optional<EventBus> bus = store.messages().map(messages -> EventBus.start(messages, store.description()));
        EventSink events = bus.<EventSink>map(b -> new FanOutEventSink(List.of(local, b))).orElse(local);
        bus.ifPresent(b -> metrics.ifPresent(m -> m.countDroppedEvents(b::dropped)));
        FactsSource facts = new FactsSource(config.facts());
        List<CompiledMachine> compiled = compiledMachines(config);
        Monitoring monitoring = monitoring(config, metrics, status.health(config.store().connect().tlsCert(),
                config.store().connect().credentials()));
        Routes routes = new Routes();
        RolloutFeed rollouts = new RolloutFeed(store);
        Host host = new Host(new HostOptions(config.machines(), config.identity(), facts, TimeSource.system(),
                RandomGenerator.getDefault(), events, WatcherRegistry.discover(), compiled,
                withHttp(config, routes, services(config, store, bus, governorEvents(metrics)))
                        .withSpecifications(status).withRollouts(rollouts).withMonitoring(monitoring), RESCAN));
        Optional<AgentHttpServer> http;
        try {
            http = listen(config, metrics, host::machines, store, () -> Optional.of(status.current()), routes);
        } catch (AgentException e) {
            host.close();
            rollouts.close();
            closeQuietly(store, events, facts);
            throw e;
        }
        Agent agent = new Agent(config, started, events, store, bus, facts, Optional.of(status), Optional.of(host),
                Optional.of(rollouts), Optional.empty(), http);
        LOG.info("key-value store {}", store.description());
        try {
            host.start();
        } catch (IOException e) {
            agent.close();
            throw new AgentException("cannot use machines directory " + config.machines() + ": " + e.getMessage(), e);
        }
        status.start(() -> host.machines().stream().map(Machine::snapshot).toList());
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
     * @throws AgentException when the machine does not load (the message lists every problem), the
     *     events file cannot be opened or {@code http_listen} cannot be bound
     */
    public static Agent startMachine(AgentConfig config, Path machineDirectory, EventSink console)
            throws AgentException {
        Instant started = Instant.now();
        Path dir = machineDirectory.toAbsolutePath().normalize();
        Optional<AgentMetrics> metrics = metrics(config);
        KeyValueStore store = store(config);
        EventSink events;
        try {
            events = events(config, metrics, console);
        } catch (AgentException e) {
            store.close();
            throw e;
        }
        FactsSource facts = new FactsSource(config.facts());
        Routes routes = new Routes();
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
                withHttp(config, routes, services(config, store, store.messages(), governorEvents(metrics)))
                        .withMonitoring(monitoring(config, metrics, AgentHealth.NONE)));
        Machine machine;
        try {
            machine = new MachineLoader(WatcherRegistry.discover()).load(ManifestParser.read(dir), dir, true, environment);
        } catch (ManifestException e) {
            closeQuietly(store, events, facts);
            throw new AgentException(String.join("\n", e.problems()), e);
        }
        self.set(machine);
        Optional<AgentHttpServer> http;
        try {
            http = listen(config, metrics, () -> List.of(machine), store, Optional::empty, routes);
        } catch (AgentException e) {
            closeQuietly(store, events, facts);
            throw e;
        }
        Agent agent = new Agent(config, started, events, store, Optional.empty(), facts, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(machine), http);
        machine.start();
        facts.watch(RESCAN, machine::factsChanged);
        return agent;
    }

    /** What runs now; see {@link AgentStatus}. */
    public AgentStatus status() {
        List<MachineSnapshot> machines = machines().stream().map(Machine::snapshot)
                .sorted(Comparator.comparing(MachineSnapshot::name)).toList();
        return new AgentStatus(config.identity(), version(), started, store.description(), machines);
    }

    /** The running machine called {@code name}, if any. */
    public Optional<Machine> machine(String name) {
        return machines().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * This node's status record as it would be written now (what {@code /status} serves); empty
     * for {@link #startMachine}, which keeps none.
     */
    public Optional<NodeStatus> nodeStatus() {
        return nodeStatus.map(StatusPublisher::current);
    }

    /**
     * The agent's outbox on the message bus: machine events and governor lifecycle events on the
     * original's subjects, with the count of those it dropped ({@link EventBus#dropped()}). Empty
     * without a NATS store, and for {@link #startMachine}, which publishes no machine events.
     */
    public Optional<EventBus> eventBus() {
        return eventBus;
    }

    /** The host of the machines directory; empty for {@link #startMachine}. */
    public Optional<Host> host() {
        return host;
    }

    /**
     * Where the HTTP listener listens, with the port it was given when {@code http_listen} asked for
     * port 0; empty when {@code http_listen} is not set.
     */
    public Optional<InetSocketAddress> httpAddress() {
        return http.map(AgentHttpServer::address);
    }

    /** The running machines: the host's, or the one of {@link #startMachine}. */
    public List<Machine> machines() {
        return host.map(Host::machines).orElseGet(() -> single.stream().toList());
    }

    /**
     * Stops listening on HTTP, writes the node's last status record (saying it stopped, listing the
     * machines as they ran), stops every machine completely, then closes the event sinks (publishing
     * what the bus still holds) and the store. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
        }
        http.ifPresent(AgentHttpServer::close);
        nodeStatus.ifPresent(StatusPublisher::close);
        facts.close();
        host.ifPresent(Host::close);
        rollouts.ifPresent(RolloutFeed::close);
        single.ifPresent(Machine::stop);
        events.close();
        store.close();
    }

    /** The agent's version, baked in at build time; {@code unknown} when it was not. */
    public static String version() {
        return AgentVersion.get();
    }

    /**
     * The services every machine of this agent gets: one store session and its facets. Governor
     * lifecycle events are logged and, on a NATS store, published through its messages.
     */
    public static WatcherServices services(AgentConfig config, KeyValueStore store) {
        return services(config, store, store.messages(), GovernorEventSink.log());
    }

    /**
     * The services, with governor lifecycle events going to {@code local} and, when there is one, to
     * {@code bus} (the agent's {@link EventBus}, or the store's messages), on the original's subjects.
     */
    private static WatcherServices services(AgentConfig config, KeyValueStore store,
                                            Optional<? extends MessagePublisher> bus, GovernorEventSink local) {
        GovernorEventSink lifecycle = bus.map(b -> local.andThen(GovernorEventSink.publishedOn(b))).orElse(local);
        return WatcherServices.of(store, new Governor(store.governors(config.mainCollective()), lifecycle),
                config.trust());
    }

    /** {@code services} with the listener's {@code routes} when {@code http_listen} is set: watchers serve paths there. */
    private static WatcherServices withHttp(AgentConfig config, Routes routes, WatcherServices services) {
        return config.httpListen().isPresent() ? services.withHttp(routes) : services;
    }

    /**
     * What nagios and metric watchers use: the configured text file directory and overrides, the
     * agent's health and, when metrics are served, the metric watchers' place on {@code /metrics}.
     */
    private static Monitoring monitoring(AgentConfig config, Optional<AgentMetrics> metrics, AgentHealth health) {
        return new Monitoring(config.monitoring().textFileDirectory(), config.monitoring().overrides(), health,
                metrics.map(AgentMetrics::gauges).orElse(GaugeSink.NONE));
    }

    /** Metrics are kept only when something serves them: with {@code http_listen}. */
    private static Optional<AgentMetrics> metrics(AgentConfig config) {
        return config.httpListen().map(listen -> new AgentMetrics(version()));
    }

    private static GovernorEventSink governorEvents(Optional<AgentMetrics> metrics) {
        GovernorEventSink log = GovernorEventSink.log();
        return metrics.map(m -> log.andThen(m.governorEvents())).orElse(log);
    }

    /**
     * Binds {@code http_listen}, when set, and serves the agent's endpoints there, and the
     * {@code routes} watchers serve while they run.
     *
     * @throws AgentException naming the address when it does not resolve or cannot be bound
     */
    private static Optional<AgentHttpServer> listen(AgentConfig config, Optional<AgentMetrics> metrics,
                                                    Supplier<List<Machine>> machines, KeyValueStore store,
                                                    Supplier<Optional<NodeStatus>> nodeStatus, Routes routes)
            throws AgentException {
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        AgentConfig.HttpListen listen = config.httpListen().orElseThrow();
        InetSocketAddress address = new InetSocketAddress(listen.host(), listen.port());
        if (address.isUnresolved()) {
            throw new AgentException("cannot listen on http_listen " + listen + ": host " + listen.host()
                    + " does not resolve");
        }
        try {
            AgentHttpServer server = AgentHttpServer.start(address, endpoints(metrics.get(), machines, store, nodeStatus),
                    Map.of(), routes);
            InetSocketAddress bound = server.address();
            LOG.info("serving /metrics and /healthz on http://{}",
                    new AgentConfig.HttpListen(bound.getHostString(), bound.getPort()));
            return Optional.of(server);
        } catch (IOException e) {
            throw new AgentException("cannot listen on http_listen " + listen + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the HTTP listener serves. {@code /healthz} answers while the agent runs: the listener is
     * the first thing {@link #close()} stops. It checks no dependency on purpose: an agent whose
     * store is down keeps running its machines and must not be restarted for it.
     */
    private static Map<String, Endpoint> endpoints(AgentMetrics metrics, Supplier<List<Machine>> machines,
                                                   KeyValueStore store, Supplier<Optional<NodeStatus>> nodeStatus) {
        return Map.of(
                "/status", () -> nodeStatus.get().map(record -> Response.json(200, record.toJson()))
                        .orElseGet(() -> Response.text(404, "this agent keeps no status record (mms machine run)\n")),
                "/metrics", () -> new Response(200, AgentMetrics.CONTENT_TYPE, metrics.scrape(
                        machines.get().stream().map(Machine::snapshot).toList(), store.state())),
                "/healthz", () -> Response.text(200, "ok\n"));
    }

    private static EventSink events(AgentConfig config, Optional<AgentMetrics> metrics, EventSink... always)
            throws AgentException {
        List<EventSink> sinks = new ArrayList<>(List.of(always));
        metrics.ifPresent(sinks::add);
        if (config.eventsFile().isPresent()) {
            try {
                sinks.add(new JsonLinesEventSink(config.eventsFile().get()));
            } catch (IOException e) {
                throw new AgentException("cannot open events file " + config.eventsFile().get() + ": " + e.getMessage(), e);
            }
        }
        return new FanOutEventSink(sinks);
    }

    private static KeyValueStore store(AgentConfig config) throws AgentException {
        try {
            return KeyValueStores.openLazily(config.store().url(), config.store().connect());
        } catch (InvalidName e) {
            // the configuration checks the URL when it is resolved; this only guards a hand-made config
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
        });
        config.plugins().ifPresent(p -> {
            compiled.add(new PluginsManagerMachine(p.bucket(), p.key(), p.pollInterval(), p.checkInterval(), p.purge(),
                    p.signingKey().map(Ed25519PublicKey::hex), config.machines().toAbsolutePath().normalize(),
                    version()));
            LOG.info("managing plugins from the specification in bucket {} key {}", p.bucket(), p.key());
        });
        return compiled;
    }

    /** Accepting unsigned specifications hands the node to whoever can write to the bucket: said loudly. */
    private static void warnAboutUnsignedSpecifications(AgentConfig config) {
        config.policy().document().ifPresent(d -> LOG.info("machines specifications must be signed by {} of the {} keys"
                + " of trust document version {} (trust_file) or of a rotation of it, for audience {}",
                d.keyring().threshold(), d.keyring().keys().size(), d.version(), config.policy().audience()));
        if (!config.allowUnsigned()) {
            return;
        }
        if (config.policy().document().isPresent()) {
            LOG.warn("allow_unsigned is true but has no effect: trust_file is configured and every machines"
                    + " specification must be signed by its keys");
        } else if (config.signingKey().isPresent()) {
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

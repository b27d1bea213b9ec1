package mms.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import mms.archive.source.HttpSource;
import mms.config.AgentConfig;
import mms.event.EventSink;
import mms.event.FanOutEventSink;
import mms.event.JsonLinesEventSink;
import mms.event.LogEventSink;
import mms.governor.Governor;
import mms.governor.GovernorEventSink;
import mms.host.CompiledMachine;
import mms.host.FactsSource;
import mms.host.Host;
import mms.host.HostOptions;
import mms.host.ManagerMachine;
import mms.runtime.MachineEnvironment.ServiceLookup;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mms agent}: hosts every machine of the machines directory until stopped. */
@Command(name = "agent",
        description = {
            "Hosts every machine in the machines directory until SIGTERM or Ctrl-C.",
            "",
            "Each sub-directory holding a machine.yaml is a machine. New, changed and removed "
                    + "directories are noticed within a second: a changed machine is stopped completely and "
                    + "started again, a removed one is stopped. Directories named tmp, starting with '.' or "
                    + "ending in '-temp', and symbolic links, are ignored.",
            "",
            "With --manage the agent also runs a built-in manager machine that deploys the machines "
                    + "of the signed specification in the store (bucket MACHINES, key machines).",
            "",
            "Settings come from flags, then MMS_* environment variables, then --config FILE."
        },
        mixinStandardHelpOptions = true)
final class AgentCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);
    /** Filesystem notifications do the work; this rescan only catches what they miss. */
    static final Duration RESCAN = Duration.ofSeconds(10);

    @Mixin
    AgentOptions options;

    /**
     * The host services machines get from this agent: the store, the governors of that same store
     * (events to the log and, on NATS, to their subjects) and the trust settings.
     */
    static ServiceLookup services(AgentConfig config, KvLazyStore store) {
        List<Object> services = new ArrayList<>();
        services.add(store);
        services.add(Governor.of(store, GovernorEventSink.log()));
        services.add(config.trust());
        return new ServiceLookup() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return services.stream().filter(type::isInstance).map(type::cast).findFirst();
            }
        };
    }

    /** Accepting unsigned specifications hands the node to whoever can write to the bucket: said loudly. */
    static void warnAboutUnsignedSpecifications(AgentConfig config) {
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

    @Override
    public void run() {
        AgentConfig config = options.resolve(System.getenv());
        Logging.configure(config.logLevel(), config.logFormat());
        warnAboutUnsignedSpecifications(config);
        List<EventSink> sinks = new ArrayList<>();
        sinks.add(new LogEventSink());
        if (config.eventsFile().isPresent()) {
            try {
                sinks.add(new JsonLinesEventSink(config.eventsFile().get()));
            } catch (IOException e) {
                throw new CliException("cannot open events file " + config.eventsFile().get() + ": " + e.getMessage());
            }
        }
        EventSink events = new FanOutEventSink(sinks);
        List<CompiledMachine> compiled = new ArrayList<>(ServiceLoader.load(CompiledMachine.class).stream()
                .map(ServiceLoader.Provider::get).toList());
        config.manager().ifPresent(m -> {
            compiled.add(new ManagerMachine("mms_manager", m.bucket(), m.key(), "watch", m.interval(), m.interval(),
                    Duration.ofMinutes(2), m.purge(), Optional.empty(), Main.Version.version()));
            LOG.info("managing machines from the specification in bucket {} key {}", m.bucket(), m.key());
            // a managing agent downloads archives: have the HTTP client ready before the first
            // specification arrives instead of spending a second or more on its first request
            HttpSource.warmUp();
        });
        KvLazyStore store = new KvLazyStore(config.store());
        LOG.info("key-value store {}", store.description());
        FactsSource facts = new FactsSource(config.facts());
        Host host = new Host(new HostOptions(config.machines(), config.identity(), facts,
                TimeSource.system(), RandomGenerator.getDefault(), events, WatcherRegistry.discover(), compiled,
                services(config, store), RESCAN));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            LOG.info("shutting down");
            facts.close();
            host.close();
            store.close();
            events.close();
            stopped.countDown();
        }));
        try {
            host.start();
        } catch (IOException e) {
            throw new CliException("cannot use machines directory " + config.machines() + ": " + e.getMessage());
        }
        facts.watch(RESCAN, host::factsChanged);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

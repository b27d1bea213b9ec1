package mms.watcher;

import java.util.Objects;
import java.util.Optional;
import mms.governor.Governor;
import mms.http.Routes;
import mms.kv.KeyValueStore;
import mms.spec.Trust;

/**
 * What the agent offers its watchers, built once by the composition root ({@code mms.agent.Agent})
 * and shared by every machine it runs. Each member is a facet of the agent's one store session,
 * of its one HTTP listener or of its configuration; a watcher never opens a connection or a
 * listener of its own.
 *
 * @param store    the agent's key-value store (kv watchers, {@code nats-os://} archive sources);
 *                 empty where nothing provides one, e.g. in tests; never null
 * @param governor the governors of that same store (archive and exec watchers' {@code governor});
 *                 empty where nothing provides them; never null
 * @param trust    which specifications the agent trusts (its {@code signing_key} and
 *                 {@code allow_unsigned}); {@link Trust#NONE} when not configured; never null
 * @param machines the host's registry of running machines (the machines watcher's purge waits on
 *                 it); empty when no host runs the machine ({@code mms machine run}); never null
 * @param specifications where machines watchers report what they decided about each specification
 *                 (the agent's status record); {@link SpecificationReporter#NONE} when nobody
 *                 listens; never null
 * @param http     the routes of the agent's HTTP listener, where httpswitch watchers serve their
 *                 paths; empty when {@code http_listen} is off; never null
 * @param rollouts whether this node may install the new version of an entry with a rollout plan,
 *                 from the fleet's status records in that same store; {@link FleetRollouts#NONE}
 *                 (every rollout waits) without a store; never null
 * @param monitoring what nagios and metric watchers use: Prometheus text files, Scout overrides,
 *                 the agent's health and {@code /metrics}; {@link Monitoring#NONE} when not
 *                 configured; never null
 */
public record WatcherServices(Optional<KeyValueStore> store, Optional<Governor> governor, Trust trust,
                              Optional<MachineRegistry> machines, SpecificationReporter specifications,
                              Optional<Routes> http, FleetRollouts rollouts, Monitoring monitoring) {

    /** No services at all: machines in tests and tools that need none. */
    public static final WatcherServices NONE = new WatcherServices(Optional.empty(), Optional.empty(), Trust.NONE,
            Optional.empty(), SpecificationReporter.NONE, Optional.empty(), FleetRollouts.NONE, Monitoring.NONE);

    /** Rejects nulls. */
    public WatcherServices {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(governor, "governor");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(machines, "machines");
        Objects.requireNonNull(specifications, "specifications");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(rollouts, "rollouts");
        Objects.requireNonNull(monitoring, "monitoring");
    }

    /**
     * An agent's services: its store, the governors of that store and its trust settings.
     *
     * @throws NullPointerException when any is null
     */
    public static WatcherServices of(KeyValueStore store, Governor governor, Trust trust) {
        return new WatcherServices(Optional.of(store), Optional.of(governor), trust, Optional.empty(),
                SpecificationReporter.NONE, Optional.empty(), FleetRollouts.NONE, Monitoring.NONE);
    }

    /** These services with {@code registry} as the host's machine registry. */
    public WatcherServices withMachines(MachineRegistry registry) {
        return new WatcherServices(store, governor, trust, Optional.of(registry), specifications, http, rollouts,
                monitoring);
    }

    /** These services with {@code store} as the key-value store (tests and tools). */
    public WatcherServices withStore(KeyValueStore store) {
        return new WatcherServices(Optional.of(store), governor, trust, machines, specifications, http, rollouts,
                monitoring);
    }

    /** These services with {@code governor} as the governors (tests and tools). */
    public WatcherServices withGovernor(Governor governor) {
        return new WatcherServices(store, Optional.of(governor), trust, machines, specifications, http, rollouts,
                monitoring);
    }

    /** These services with {@code trust} as the trust settings. */
    public WatcherServices withTrust(Trust trust) {
        return new WatcherServices(store, governor, trust, machines, specifications, http, rollouts, monitoring);
    }

    /** These services with {@code reporter} hearing what machines watchers decide. */
    public WatcherServices withSpecifications(SpecificationReporter reporter) {
        return new WatcherServices(store, governor, trust, machines, reporter, http, rollouts, monitoring);
    }

    /** These services with {@code routes} as the routes of the agent's HTTP listener. */
    public WatcherServices withHttp(Routes routes) {
        return new WatcherServices(store, governor, trust, machines, specifications, Optional.of(routes), rollouts,
                monitoring);
    }

    /** These services with {@code fleet} answering whether rollouts may proceed. */
    public WatcherServices withRollouts(FleetRollouts fleet) {
        return new WatcherServices(store, governor, trust, machines, specifications, http, fleet, monitoring);
    }

    /** These services with {@code monitoring} for the nagios and metric watchers. */
    public WatcherServices withMonitoring(Monitoring monitoring) {
        return new WatcherServices(store, governor, trust, machines, specifications, http, rollouts, monitoring);
    }
}

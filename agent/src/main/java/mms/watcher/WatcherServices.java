package mms.watcher;

import java.util.Objects;
import java.util.Optional;
import mms.governor.Governor;
import mms.kv.KeyValueStore;
import mms.spec.Trust;

/**
 * What the agent offers its watchers, built once by the composition root ({@code mms.agent.Agent})
 * and shared by every machine it runs. Each member is a facet of the agent's one store session
 * or of its configuration; a watcher never opens a connection of its own.
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
 */
public record WatcherServices(Optional<KeyValueStore> store, Optional<Governor> governor, Trust trust,
                              Optional<MachineRegistry> machines, SpecificationReporter specifications) {

    /** No services at all: machines in tests and tools that need none. */
    public static final WatcherServices NONE = new WatcherServices(Optional.empty(), Optional.empty(), Trust.NONE,
            Optional.empty(), SpecificationReporter.NONE);

    /** Rejects nulls. */
    public WatcherServices {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(governor, "governor");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(machines, "machines");
        Objects.requireNonNull(specifications, "specifications");
    }

    /**
     * An agent's services: its store, the governors of that store and its trust settings.
     *
     * @throws NullPointerException when any is null
     */
    public static WatcherServices of(KeyValueStore store, Governor governor, Trust trust) {
        return new WatcherServices(Optional.of(store), Optional.of(governor), trust, Optional.empty(),
                SpecificationReporter.NONE);
    }

    /** These services with {@code registry} as the host's machine registry. */
    public WatcherServices withMachines(MachineRegistry registry) {
        return new WatcherServices(store, governor, trust, Optional.of(registry), specifications);
    }

    /** These services with {@code store} as the key-value store (tests and tools). */
    public WatcherServices withStore(KeyValueStore store) {
        return new WatcherServices(Optional.of(store), governor, trust, machines, specifications);
    }

    /** These services with {@code governor} as the governors (tests and tools). */
    public WatcherServices withGovernor(Governor governor) {
        return new WatcherServices(store, Optional.of(governor), trust, machines, specifications);
    }

    /** These services with {@code trust} as the trust settings. */
    public WatcherServices withTrust(Trust trust) {
        return new WatcherServices(store, governor, trust, machines, specifications);
    }

    /** These services with {@code reporter} hearing what machines watchers decide. */
    public WatcherServices withSpecifications(SpecificationReporter reporter) {
        return new WatcherServices(store, governor, trust, machines, reporter);
    }
}

package mms.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mms.digest.Sha256;
import mms.event.MachineEvent;
import mms.event.WatcherStateNotification;
import mms.machine.MachineDefinition;
import mms.machine.ManifestParser;
import mms.machine.WatcherDefinition;
import mms.runtime.MachineSnapshot;
import mms.runtime.WatcherFailure;
import mms.watcher.SpecificationReport;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.archive.ArchiveState;
import mms.watcher.archive.ArchiveStateNotification;
import mms.watcher.machines.ManagerManifest;

/**
 * Composes a node's {@link NodeStatus} from what runs (a snapshot of the machines) and from what it
 * heard: the managers' archive outcomes (their watcher-state events) and the last decision of the
 * node's machines watcher. Pure apart from that memory; thread safe (events and decisions arrive on
 * watcher threads, records are composed on the publisher's).
 */
final class StatusComposer {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final String identity;
    private final String version;
    private final Instant started;
    private final Duration heartbeat;
    private final Function<Path, Optional<String>> installedManifest;
    /** Manager machine name → the last state its archive watcher published. */
    private final Map<String, ArchiveReport> archives = new ConcurrentHashMap<>();
    private volatile Decision decision;
    /** The bucket of the last decision, kept once found so a record still names it after its manager stopped. */
    private volatile String decisionBucket = "";

    /** What an archive watcher last said, and from which load of its manager. */
    private record ArchiveReport(String instanceId, ArchiveStateNotification state, Instant at) {}

    /**
     * The machines watcher's last decision.
     *
     * @param report the decision
     * @param seen   when the node first decided this way about this specification
     * @param wanted the entries the node should run: those of the last specification it accepted
     */
    private record Decision(SpecificationReport report, Instant seen, Map<String, String> wanted) {}

    /**
     * @param installedManifest the SHA-256 of the {@code machine.yaml} in a machine directory now,
     *                          empty when there is none
     */
    StatusComposer(String identity, String version, Instant started, Duration heartbeat,
                   Function<Path, Optional<String>> installedManifest) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.version = Objects.requireNonNull(version, "version");
        this.started = Objects.requireNonNull(started, "started");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.installedManifest = Objects.requireNonNull(installedManifest, "installedManifest");
    }

    /** A composer that reads the machines' directories. */
    StatusComposer(String identity, String version, Instant started, Duration heartbeat) {
        this(identity, version, started, heartbeat, StatusComposer::manifestHash);
    }

    private static Optional<String> manifestHash(Path machineDirectory) {
        try {
            return Optional.of(Sha256.of(Files.readAllBytes(machineDirectory.resolve(ManifestParser.FILE_NAME))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps a manager's archive outcome. */
    void event(MachineEvent event) {
        if (event instanceof WatcherStateNotification w && w.state() instanceof ArchiveStateNotification archive
                && w.machine().startsWith(ManagerManifest.PREFIX)) {
            archives.put(w.machine(), new ArchiveReport(w.id(), archive, Instant.ofEpochSecond(w.timestamp())));
        }
    }

    /**
     * Keeps a decision. The same decision about the same specification again (every check
     * decides) keeps the time it was first made, so a record changes only when the decision does.
     */
    synchronized void decided(SpecificationReport report) {
        Decision last = decision;
        Instant seen = report.decided();
        Map<String, String> wanted = report.wanted();
        if (last != null) {
            SpecificationReport before = last.report();
            if (before.digest().equals(report.digest()) && before.outcome() == report.outcome()
                    && before.reason().equals(report.reason()) && before.machine().equals(report.machine())) {
                seen = last.seen();
            }
            if (report.outcome() == SpecificationReport.Outcome.REJECTED) {
                wanted = last.wanted(); // nothing changed: the node runs what it ran
            }
        }
        decision = new Decision(report, seen, wanted);
    }

    /**
     * The record for {@code machines} at {@code now}.
     *
     * @param machines what runs, in any order
     * @param now      the record's {@code updated}
     */
    NodeStatus compose(List<MachineSnapshot> machines, Instant now) {
        Map<String, MachineSnapshot> byName = new TreeMap<>();
        Map<String, MachineSnapshot> managers = new TreeMap<>(); // managed name → manager
        for (MachineSnapshot m : machines) {
            Optional<String> managed = managedName(m);
            if (managed.isPresent()) {
                managers.putIfAbsent(managed.get(), m);
            } else {
                byName.putIfAbsent(m.name(), m);
            }
        }
        Decision last = decision;
        Map<String, NodeStatus.MachineStatus> entries = new TreeMap<>();
        byName.forEach((name, m) -> entries.put(name, entry(name, Optional.of(m), Optional.ofNullable(managers.get(name)))));
        managers.forEach((name, manager) -> entries.computeIfAbsent(name,
                n -> entry(n, Optional.empty(), Optional.of(manager))));
        if (last != null) {
            last.wanted().forEach((name, checksum) -> entries.computeIfAbsent(name,
                    n -> new NodeStatus.MachineStatus(n, Optional.empty(), Optional.empty(),
                            Optional.of(checksum.toLowerCase(Locale.ROOT)), Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.empty())));
        }
        List<NodeStatus.MachineStatus> listed = bounded(new ArrayList<>(entries.values()));
        return new NodeStatus(identity, version, started, now, heartbeat, false,
                Optional.ofNullable(last).map(d -> specification(d, byName)).or(() -> followed(byName.values())), listed,
                entries.size() - listed.size());
    }

    /** At most {@link NodeStatus#MAX_MACHINES}, those with an error first, then sorted by name again. */
    private static List<NodeStatus.MachineStatus> bounded(List<NodeStatus.MachineStatus> all) {
        if (all.size() <= NodeStatus.MAX_MACHINES) {
            return all;
        }
        List<NodeStatus.MachineStatus> kept = new ArrayList<>(all);
        kept.sort(Comparator.comparing((NodeStatus.MachineStatus m) -> m.error().isEmpty())
                .thenComparing(NodeStatus.MachineStatus::name));
        kept = new ArrayList<>(kept.subList(0, NodeStatus.MAX_MACHINES));
        kept.sort(Comparator.comparing(NodeStatus.MachineStatus::name));
        return kept;
    }

    private NodeStatus.MachineStatus entry(String name, Optional<MachineSnapshot> machine,
                                           Optional<MachineSnapshot> manager) {
        Optional<ArchiveReport> archive = manager.flatMap(m -> Optional.ofNullable(archives.get(m.name()))
                .filter(a -> a.instanceId().equals(m.instanceId())) // an earlier load's outcome is about another checksum
                .filter(a -> a.state().previousOutcome() != ArchiveState.DOWNLOADED || machine.isEmpty()
                        || runsWhatIsInstalled(machine.get())));
        Optional<ArchiveReport> failedArchive = archive.filter(a -> a.state().error().isPresent());
        Optional<WatcherFailure> failure = failedArchive.isPresent() ? Optional.empty()
                : Stream.concat(machine.stream(), manager.stream())
                        .flatMap(m -> m.failures().stream()).max(Comparator.comparing(WatcherFailure::at));
        return new NodeStatus.MachineStatus(name,
                machine.map(MachineSnapshot::version),
                machine.map(MachineSnapshot::state),
                manager.flatMap(StatusComposer::checksum),
                archive.map(a -> a.state().previousOutcome()).filter(o -> o != ArchiveState.UNKNOWN)
                        .map(ArchiveState::wireName),
                manager.map(MachineSnapshot::state),
                failedArchive.flatMap(a -> a.state().error()).or(() -> failure.map(f -> f.watcher() + ": " + f.error())),
                failedArchive.map(ArchiveReport::at).or(() -> failure.map(WatcherFailure::at)));
    }

    /**
     * Whether the host runs the version just installed: between an install and the host's reload
     * the old machine still runs, and "downloaded" must not make it look like the new one.
     */
    private boolean runsWhatIsInstalled(MachineSnapshot machine) {
        return installedManifest.apply(machine.directory()).filter(machine.manifestHash()::equals).isPresent();
    }

    private NodeStatus.SpecificationStatus specification(Decision d, Map<String, MachineSnapshot> running) {
        SpecificationReport r = d.report();
        Optional<String> bucket = Optional.ofNullable(running.get(r.machine()))
                .flatMap(m -> kvBucket(m.definition(), r.dataItem()));
        bucket.ifPresent(b -> decisionBucket = b);
        NodeStatus.Outcome outcome = switch (r.outcome()) {
            case APPLIED -> NodeStatus.Outcome.APPLIED;
            case REJECTED -> NodeStatus.Outcome.REJECTED;
            case FAILED -> NodeStatus.Outcome.FAILED;
        };
        return new NodeStatus.SpecificationStatus(bucket.orElse(decisionBucket), r.dataItem(),
                Optional.of(new NodeStatus.Decision(r.digest(), r.signer(), d.seen(), outcome, r.reason(),
                        r.appliedDigest())));
    }

    /**
     * The specification a manager that has not decided yet follows: the data item of the first
     * machine (by name) with a machines watcher, and the bucket its kv watcher reads it from. A
     * node says it is managed from its first record on, so a reader waits for it instead of
     * taking it for a node that manages nothing.
     */
    private static Optional<NodeStatus.SpecificationStatus> followed(Collection<MachineSnapshot> running) {
        for (MachineSnapshot m : running) {
            Optional<String> item = m.definition().watchers().stream().filter(w -> w.type().equals("machines"))
                    .findFirst().flatMap(w -> property(w, "data_item"));
            if (item.isPresent()) {
                return Optional.of(new NodeStatus.SpecificationStatus(kvBucket(m.definition(), item.get()).orElse(""),
                        item.get(), Optional.empty()));
            }
        }
        return Optional.empty();
    }

    /**
     * The machine {@code <name>} a manager {@code mm_<name>} installs: the {@code creates} of its
     * archive watcher. Empty for every other machine.
     */
    private static Optional<String> managedName(MachineSnapshot machine) {
        if (!machine.name().startsWith(ManagerManifest.PREFIX)) {
            return Optional.empty();
        }
        return archiveWatcher(machine.definition())
                .map(w -> property(w, "creates").orElse(machine.name().substring(ManagerManifest.PREFIX.length())))
                .filter(n -> !n.isEmpty());
    }

    /** A manager's archive checksum, when it is a literal SHA-256 rather than a template. */
    private static Optional<String> checksum(MachineSnapshot manager) {
        return archiveWatcher(manager.definition()).flatMap(w -> property(w, "checksum"))
                .map(String::strip).filter(c -> SHA256.matcher(c).matches()).map(c -> c.toLowerCase(Locale.ROOT));
    }

    private static Optional<WatcherDefinition> archiveWatcher(MachineDefinition definition) {
        return definition.watchers().stream().filter(w -> w.type().equals("archive")).findFirst();
    }

    /**
     * The bucket a specification read from data item {@code item} came from: that of the machine's
     * kv watcher whose key is the data item (the built-in manager and the seed's manager both have
     * one).
     */
    private static Optional<String> kvBucket(MachineDefinition definition, String item) {
        return definition.watchers().stream().filter(w -> w.type().equals("kv"))
                .filter(w -> property(w, "key").filter(item::equals).isPresent())
                .flatMap(w -> property(w, "bucket").stream()).findFirst();
    }

    /** A property as the watcher reads it (keys ignoring case); empty when absent or not text. */
    private static Optional<String> property(WatcherDefinition watcher, String key) {
        try {
            return new WatcherProperties(watcher.name(), new LinkedHashMap<>(watcher.properties())).string(key);
        } catch (WatcherConfigException e) {
            return Optional.empty();
        }
    }
}

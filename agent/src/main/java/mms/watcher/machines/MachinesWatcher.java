package mms.watcher.machines;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mms.digest.Sha256;
import mms.files.AtomicFiles;
import mms.spec.Ed25519PublicKey;
import mms.spec.MachinesValidation;
import mms.spec.MachinesValidator;
import mms.spec.ManagedMachine;
import mms.spec.Problem;
import mms.spec.SpecificationDigest;
import mms.spec.SpecificationGate;
import mms.spec.SpecificationLedger;
import mms.spec.Trust;
import mms.spec.TrustDocument;
import mms.spec.match.FactLookup;
import mms.spec.match.FileProbe;
import mms.spec.match.MatchEnvironment;
import mms.time.FailureSeries;
import mms.url.Urls;
import mms.watcher.MachineContext;
import mms.watcher.MachineRegistry;
import mms.watcher.SpecificationReport;
import mms.watcher.SpecificationReporter;
import mms.watcher.Watcher;
import mms.watcher.WatcherLog;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * The {@code machines} watcher: keeps the machines directory in line with a signed specification
 * held in machine data (see the package documentation for the check and its differences from the
 * original). Checks run at start, on every wake-up (state or machine-data change) and every
 * {@code interval}; they are serialised by the single loop thread.
 */
public final class MachinesWatcher implements Watcher {

    /** The smallest watcher {@code interval}. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
    /** How long the same failure stays quiet in the log before a reminder. */
    static final Duration FAILURE_REMINDER = Duration.ofMinutes(10);
    /** How long a purge waits for the host to stop a machine. */
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final WatcherSettings settings;
    private final MachinesProperties properties;
    private final List<Ed25519PublicKey> compiledKeys;
    private final Optional<TrustDocument> compiledTrust;
    private final FileProbe files;
    /** Whether this is the machines or the plugins watcher, and what follows from it. */
    private final Deployment deployment;
    private volatile MachinesStateNotification state =
            new MachinesStateNotification(List.of(), MachinesState.UNKNOWN, 0);
    private List<String> names = List.of();
    /** Failed checks in a row; only the loop thread uses it. */
    private final FailureSeries failures = new FailureSeries(FAILURE_REMINDER);
    /** How loudly the last failed check was reported. */
    private FailureSeries.Report failureReport = FailureSeries.Report.NEW;
    /** Whether the last check refused the specification itself; loop thread only. */
    private boolean rejected;
    /** The digest of the last specification whose skipped entries were warned about; loop thread only. */
    private String warnedSkipped = "";
    /** The digest of the last specification applied; loop thread only. */
    private Optional<String> appliedDigest = Optional.empty();
    /** The failure of the last check, if it failed; written by the loop thread only. */
    private volatile Optional<String> lastFailure = Optional.empty();
    /** The supervision of entries with a health check or rollout plan; loop thread only, made by the first apply. */
    private Rollouts rollouts;
    /** What the last applied specification asks of the supervised entries, for the steps between checks; loop thread only. */
    private Optional<Applied> lastApplied = Optional.empty();

    /**
     * The supervised entries of the specification last applied, which the loop moves on between
     * checks while their rollouts are under way.
     */
    private record Applied(String digest, Path root, List<Rollouts.Supervised> supervised) {}

    /**
     * @param settings the common settings, not null
     * @param properties the parsed properties, not null
     * @param compiledKeys the keys compiled into the build, not null
     */
    public MachinesWatcher(WatcherSettings settings, MachinesProperties properties, List<Ed25519PublicKey> compiledKeys) {
        this(settings, properties, compiledKeys, Optional.empty(), FileProbe.system());
    }

    /**
     * @param settings the common settings, not null
     * @param properties the parsed properties, not null
     * @param compiledKeys the keys compiled into the build, not null
     * @param compiledTrust the trust document compiled into the build, not null
     */
    public MachinesWatcher(WatcherSettings settings, MachinesProperties properties, List<Ed25519PublicKey> compiledKeys,
                           Optional<TrustDocument> compiledTrust) {
        this(settings, properties, compiledKeys, compiledTrust, FileProbe.system());
    }

    /**
     * A watcher that deploys as {@code deployment} says: the plugins watcher is this watcher with
     * {@link Deployment#plugins}.
     *
     * @param settings the common settings, not null
     * @param properties the parsed properties, not null
     * @param compiledKeys the keys compiled into the build, not null
     * @param compiledTrust the trust document compiled into the build, not null
     * @param deployment what differs between the machines and the plugins watcher, not null
     */
    public MachinesWatcher(WatcherSettings settings, MachinesProperties properties, List<Ed25519PublicKey> compiledKeys,
                           Optional<TrustDocument> compiledTrust, Deployment deployment) {
        this(settings, properties, compiledKeys, compiledTrust, FileProbe.system(), deployment);
    }

    /** As the public constructor, with how matchers see the file system; for tests. */
    MachinesWatcher(WatcherSettings settings, MachinesProperties properties, List<Ed25519PublicKey> compiledKeys,
                    Optional<TrustDocument> compiledTrust, FileProbe files) {
        this(settings, properties, compiledKeys, compiledTrust, files, Deployment.MACHINES);
    }

    /** As the public constructor, with how matchers see the file system; for tests. */
    MachinesWatcher(WatcherSettings settings, MachinesProperties properties, List<Ed25519PublicKey> compiledKeys,
                    Optional<TrustDocument> compiledTrust, FileProbe files, Deployment deployment) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.compiledKeys = List.copyOf(compiledKeys);
        this.compiledTrust = Objects.requireNonNull(compiledTrust, "compiledTrust");
        this.files = Objects.requireNonNull(files, "files");
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The parsed properties. */
    public MachinesProperties properties() {
        return properties;
    }

    @Override
    public boolean wakeOnDataChange() {
        return true;
    }

    /** Matchers read facts ({@code get_fact}) and node state that facts describe ({@code has_command}). */
    @Override
    public boolean wakeOnFactsChange() {
        return true;
    }

    @Override
    public MachinesStateNotification currentState() {
        return state;
    }

    /** Why the last check failed, as logged; empty when it did not. For tests. */
    Optional<String> lastFailure() {
        return lastFailure;
    }

    /**
     * Checks at start, on every wake-up and every {@code interval}; in between, while a supervised
     * entry's rollout is under way, moves it on ({@link Rollouts#TICK}) without checking the
     * specification again.
     */
    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        runtime.log().info("{} watcher {} starting", deployment.watcherType(), settings.name());
        finishInterrupted(runtime);
        boolean checkDue = true;
        Instant nextCheck = Instant.MIN;
        while (true) {
            if (checkDue) {
                long started = System.nanoTime();
                MachinesState outcome = check(runtime);
                state = new MachinesStateNotification(names, outcome, System.nanoTime() - started, rejected);
                switch (outcome) {
                    case UPDATED -> {
                        runtime.ran();
                        runtime.publish();
                        runtime.success();
                    }
                    case ERROR -> {
                        runtime.ran();
                        if (failureReport != FailureSeries.Report.QUIET) {
                            runtime.publish();
                        }
                        runtime.failure();
                    }
                    case UNCHANGED -> runtime.ran();
                    case SKIPPED, UNKNOWN -> { }
                }
                nextCheck = settings.hasInterval() ? runtime.now().plus(settings.interval()) : Instant.MAX;
            } else {
                stepRollouts(runtime);
            }
            Instant nextLook = lastApplied.map(a -> rollouts.nextLook(runtime.now(), a.supervised())).orElse(Instant.MAX);
            boolean woken = runtime.awaitWakeup(nextLook.isBefore(nextCheck) ? nextLook : nextCheck);
            checkDue = woken || !runtime.now().isBefore(nextCheck);
        }
    }

    /** Moves the supervised entries' rollouts on between checks, writing the managers they call for. */
    private void stepRollouts(WatcherRuntime runtime) {
        if (lastApplied.isEmpty() || !runtime.shouldWatch()) {
            return;
        }
        Applied applied = lastApplied.get();
        Map<String, byte[]> manifests = rollouts.step(runtime, applied.digest(), applied.supervised(), Optional.empty());
        MachinesDirectory directory = directory(applied.root());
        List<String> failures = new ArrayList<>();
        for (Rollouts.Supervised s : applied.supervised()) {
            byte[] manifest = manifests.get(s.entry().name());
            if (manifest != null) {
                writeManager(directory, s.entry(), manifest, runtime.log(), failures);
            }
        }
    }

    /**
     * Finishes or removes what operations a crash interrupted, before anything else is written,
     * whatever the machine's state (see {@link MachinesDirectory} for what each leftover becomes).
     */
    private void finishInterrupted(WatcherRuntime runtime) throws InterruptedException {
        Path self = runtime.machine().directory().toAbsolutePath().normalize();
        Path root = self.getParent();
        if (root == null) {
            return; // the first check reports it
        }
        MachinesDirectory directory = directory(root);
        try {
            // the specification and rollout ledgers of this watcher, written whole: a kill leaves temporaries
            AtomicFiles.removeAllLeftovers(self);
        } catch (IOException e) {
            runtime.log().warn("could not remove temporary files of interrupted writes in {}: {}", self, e.getMessage());
        }
        try {
            for (String staging : directory.removeStaging()) {
                runtime.log().info("removed {} in {}: a manager write was interrupted before it completed", staging, root);
            }
        } catch (IOException e) {
            runtime.log().warn("could not remove the staging directories of interrupted manager writes in {}: {}",
                    root, e.getMessage());
        }
        finishPurges(directory, self, runtime).ifPresent(failure -> runtime.log().error("{}", failure));
    }

    /**
     * Finishes interrupted purges; every check does it too, so a purge the host held up completes later.
     *
     * @return why it failed, if it did
     */
    private static Optional<String> finishPurges(MachinesDirectory directory, Path self, WatcherRuntime runtime)
            throws InterruptedException {
        try {
            for (String done : directory.finishPurges(self, runtime.machine().services().machines(), STOP_TIMEOUT)) {
                runtime.log().warn("{} in {}", done, directory.root());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not finish an interrupted purge in " + directory.root() + ": " + e.getMessage());
        }
    }

    /** One check; package-private for tests. */
    MachinesState check(WatcherRuntime runtime) throws InterruptedException {
        rejected = false;
        if (!runtime.shouldWatch()) {
            return MachinesState.SKIPPED;
        }
        try {
            MachinesState outcome = apply(runtime);
            if (failures.succeeded()) {
                runtime.log().info("managing {} works again", deployment.watcherType());
            }
            lastFailure = Optional.empty();
            return outcome;
        } catch (CheckFailure e) {
            // every data change and interval checks again: the same refusal of the same specification is
            // said once, then reminded; another specification refused for the same reason is news
            String specification = runtime.machine().data(properties.dataItem())
                    .map(v -> Sha256.of(v.toString().getBytes(StandardCharsets.UTF_8))).orElse("none");
            failureReport = failures.failed(specification + ": " + e.getMessage(), runtime.now());
            switch (failureReport) {
                case NEW -> runtime.log().error("managing {} failed: {}", deployment.watcherType(), e.getMessage());
                case REMINDER -> runtime.log().error("managing {} still failing ({} checks since {}): {}",
                        deployment.watcherType(), failures.failures(), failures.since().orElseThrow(), e.getMessage());
                case QUIET -> runtime.log().debug("managing {} failed again ({} checks): {}",
                        deployment.watcherType(), failures.failures(), e.getMessage());
            }
            rejected = e.rejected;
            lastFailure = Optional.of(e.getMessage());
            return MachinesState.ERROR;
        }
    }

    private MachinesState apply(WatcherRuntime runtime) throws CheckFailure, InterruptedException {
        MachineContext machine = runtime.machine();
        WatcherLog log = runtime.log();
        Path self = machine.directory().toAbsolutePath().normalize();
        Path root = self.getParent();
        if (root == null) {
            throw new CheckFailure("machine store is not configured: " + self + " has no parent directory");
        }
        String item = properties.dataItem();
        JsonNode value = machine.data(item).orElseThrow(() -> new CheckFailure("data item " + item + " not present"));
        Decided decided = new Decided(machine, item, SpecificationDigest.of(value));
        MatchEnvironment node = new MatchEnvironment(machine.identity(), machine.facts(),
                MatchEnvironment.splitPath(Objects.requireNonNullElse(System.getenv("PATH"), "")),
                files, FactLookup.gjson());
        Optional<SpecificationGate.TrustItem> trustItem = properties.trustItem().map(name ->
                new SpecificationGate.TrustItem(name, machine.data(name).map(MachinesWatcher::text)));
        SpecificationGate gate = new SpecificationGate(trust(machine), SpecificationLedger.in(self), machine.time(),
                deployment.format());
        SpecificationGate.Decision decision = gate.decide(item, decided.envelope(value), trustItem, node);
        gate.adopted().ifPresent(d -> log.info("adopted trust document version {} from data item {}: {} of {} keys must"
                + " sign", d.version(), properties.trustItem().orElseThrow(), d.keyring().threshold(),
                d.keyring().keys().size()));
        SpecificationGate.Decision.Desired desired = switch (decision) {
            case SpecificationGate.Decision.Unreadable(String reason) ->
                    throw decided.rejected("data item " + item + ": " + reason + ", nothing changed");
            case SpecificationGate.Decision.Refused(var refusal, String reason) -> throw decided.rejected("specification"
                    + " in data item " + item + " refused (" + refusal.wireName() + "), nothing changed: " + reason);
            case SpecificationGate.Decision.Invalid(String reason) ->
                    throw decided.rejected("data item " + item + ": " + reason + ", nothing changed");
            case SpecificationGate.Decision.Desired d -> d;
        };
        report(item, decided.digest, desired, log);
        names = desired.names();
        MachinesState outcome;
        try {
            outcome = reconcile(runtime, decided.digest, desired, root, self);
        } catch (CheckFailure e) {
            decided.failed(desired, e.getMessage());
            throw e;
        }
        decided.applied(desired);
        return outcome;
    }

    /**
     * One decision about the specification read in this check, told to the agent's
     * {@link SpecificationReporter} once it is known: every check that finds a specification
     * reports, whatever it decides.
     */
    private final class Decided {
        private final MachineContext machine;
        private final String item;
        private final String digest;

        Decided(MachineContext machine, String item, String digest) {
            this.machine = machine;
            this.item = item;
            this.digest = digest;
        }

        /** The envelope text of the data item: a kv watcher stores JSON objects parsed, other values as text. */
        String envelope(JsonNode value) throws CheckFailure {
            if (value.isObject()) {
                return value.toString();
            }
            if (value.isTextual()) {
                return value.textValue();
            }
            throw rejected("data item " + item + " does not hold a specification: expected an object, got "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", nothing changed");
        }

        /** Reports a refusal and returns the failure that ends the check. */
        CheckFailure rejected(String reason) {
            send(SpecificationReport.Outcome.REJECTED, Optional.empty(), Optional.of(reason), Map.of());
            return CheckFailure.rejection(reason);
        }

        void failed(SpecificationGate.Decision.Desired desired, String reason) {
            send(SpecificationReport.Outcome.FAILED, signer(desired), Optional.of(reason), wanted(desired));
        }

        void applied(SpecificationGate.Decision.Desired desired) {
            appliedDigest = Optional.of(digest);
            send(SpecificationReport.Outcome.APPLIED, signer(desired), skipped(desired), wanted(desired));
        }

        /** What an applied specification's report says of the entries this node skipped. */
        private static Optional<String> skipped(SpecificationGate.Decision.Desired desired) {
            if (desired.skipped().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("skipped " + desired.skipped().size() + " of " + (desired.listed().size()
                    + desired.skipped().size()) + " entries this node cannot use, leaving their machines as they are: "
                    + desired.skipped().stream().map(MachinesValidation.Skipped::describe).collect(Collectors.joining("; ")));
        }

        private void send(SpecificationReport.Outcome outcome, Optional<String> signer, Optional<String> reason,
                          Map<String, String> wanted) {
            machine.services().specifications().report(new SpecificationReport(machine.name(), item, digest, signer,
                    machine.time().instant(), outcome, reason, appliedDigest, wanted));
        }

        private static Optional<String> signer(SpecificationGate.Decision.Desired desired) {
            return desired.trust() instanceof Trust.Decision.Verified(var verification)
                    ? Optional.of(verification.key().hex()) : Optional.empty();
        }

        private static Map<String, String> wanted(SpecificationGate.Decision.Desired desired) {
            Map<String, String> wanted = new TreeMap<>();
            desired.wanted().forEach(m -> wanted.put(m.name(), m.checksum()));
            return wanted;
        }
    }

    /**
     * Says how the specification was accepted and which entries this node cannot decide or use;
     * the entries it skips are warned about once per specification (every check decides again).
     */
    private void report(String item, String digest, SpecificationGate.Decision.Desired desired, WatcherLog log) {
        switch (desired.trust()) {
            case Trust.Decision.Unchecked unchecked -> log.warn("applying the specification in data item {} without"
                    + " checking it: no trusted public key is configured and allow_unsigned is true", item);
            case Trust.Decision.Verified verified -> log.debug("specification in data item {}: {}", item, verified.message());
            case Trust.Decision.Refused refused -> throw new IllegalStateException("a refused specification is never desired");
        }
        if (desired.provenance().fresh()) {
            log.info("accepted specification in data item {}: {}", item, desired.provenance().describe());
        }
        for (Problem warning : desired.warnings()) {
            log.debug("specification in data item {}: {}", item, warning.describe());
        }
        boolean news = !digest.equals(warnedSkipped);
        warnedSkipped = digest;
        for (MachinesValidation.Skipped skipped : desired.skipped()) {
            String what = skipped.name().map(n -> "machine " + n).orElse("entry " + skipped.index());
            if (news) {
                log.warn("skipping {} of the specification in data item {}, leaving its machine as it is on this node:"
                        + " {}", what, item, skipped.describe());
            } else {
                log.debug("skipping {} of the specification in data item {}: {}", what, item, skipped.describe());
            }
        }
        if (news && desired.skippedUnnamed() && properties.purgeUnknown()) {
            log.warn("purge_unknown removes no machine while the specification in data item {} has an entry without"
                    + " a name this node can read: it could stand for any of them", item);
        }
        for (SpecificationGate.Undecided u : desired.undecided()) {
            if (u.unexpected()) {
                log.error("matching machine {} to node failed, leaving it as it is: {}", u.machine().name(), u.reason());
            } else {
                log.warn("could not match machine {} to node, leaving it as it is: {}", u.machine().name(), u.reason());
            }
        }
    }

    /**
     * Makes the machines directory hold a manager for every wanted entry and, with
     * {@code purge_unknown}, none for the others, leaving undecided entries as they are.
     */
    private MachinesState reconcile(WatcherRuntime runtime, String digest, SpecificationGate.Decision.Desired desired,
                                    Path root, Path self) throws CheckFailure, InterruptedException {
        WatcherLog log = runtime.log();
        Optional<MachineRegistry> registry = runtime.machine().services().machines();
        Set<String> wanted = new LinkedHashSet<>();
        desired.wanted().forEach(m -> wanted.add(m.name()));
        Set<String> undecided = desired.leftAsIs(); // not installed, upgraded or purged
        MachinesDirectory directory = directory(root);
        Path installs = deployment.installDirectory(root);
        boolean changed = false;
        List<String> failures = new ArrayList<>();
        // a purge the host held up (or that failed) is finished here; its failure is the check's
        finishPurges(directory, self, runtime).ifPresent(failures::add);
        List<Rollouts.Supervised> supervised = new ArrayList<>();
        if (properties.purgeUnknown() && !desired.skippedUnnamed()) {
            // an unverified specification none of whose entries this node can use is as empty as []
            boolean emptyAndUnverified = desired.listed().isEmpty() && !desired.verified();
            changed |= purge(directory, installs, self, emptyAndUnverified, wanted, undecided, registry, log, failures);
        }
        for (ManagedMachine m : desired.wanted()) {
            Optional<Path> own = ownDirectory(root, installs, self, m.name());
            if (own.isPresent()) {
                String refusal = "refusing to deploy machine " + m.name() + ": its directory " + own.get()
                        + " is the machine directory of this " + deployment.watcherType() + " watcher";
                log.error("{}", refusal);
                failures.add(refusal);
                continue;
            }
            byte[] manifest = ManagerManifest.render(m, properties.machineManageInterval(), installs, deployment)
                    .getBytes(StandardCharsets.UTF_8);
            if (m.supervised()) {
                supervised.add(new Rollouts.Supervised(m, manifest));
            } else {
                changed |= writeManager(directory, m, manifest, log, failures);
            }
        }
        if (rollouts == null) {
            rollouts = new Rollouts(self, root, installs, deployment.managerDirectoryPrefix());
        }
        // the managers of supervised entries get what their rollouts call for: the new version once
        // the node's wave started, the previous one after a revert, else what they hold
        Set<String> listed = new LinkedHashSet<>(wanted);
        listed.addAll(undecided); // a matcher failing or an entry skipped for a while must not make the node forget what it reverted
        Map<String, byte[]> manifests = rollouts.step(runtime, digest, supervised, Optional.of(listed));
        for (Rollouts.Supervised s : supervised) {
            byte[] manifest = manifests.get(s.entry().name());
            if (manifest != null) {
                changed |= writeManager(directory, s.entry(), manifest, log, failures);
            }
        }
        lastApplied = Optional.of(new Applied(digest, root, List.copyOf(supervised)));
        if (!failures.isEmpty()) {
            throw new CheckFailure(String.join("; ", failures));
        }
        return changed ? MachinesState.UPDATED : MachinesState.UNCHANGED;
    }

    /**
     * Makes {@code mm_<name>/machine.yaml} hold {@code manifest}. @return whether it changed; a
     * failure is logged and added to {@code failures}
     */
    private boolean writeManager(MachinesDirectory directory, ManagedMachine m, byte[] manifest, WatcherLog log,
                                 List<String> failures) {
        Path file = directory.root().resolve(deployment.managerDirectoryPrefix() + m.name()).resolve("machine.yaml");
        try {
            switch (directory.writeManager(m.name(), manifest)) {
                case UNCHANGED -> {
                    log.debug("machine in {} has the correct content, continuing", file);
                    return false;
                }
                case REPLACED -> {
                    log.warn("machine in {} has incorrect content, updating", file);
                    return true;
                }
                case CREATED -> {
                    log.warn("{}", deployment.deploying(m.name(), Urls.redact(m.source()),
                            deployment.installDirectory(directory.root())));
                    return true;
                }
            }
        } catch (IOException e) {
            log.error("could not write the manager machine of {}: {}", m.name(), e.getMessage());
            failures.add("could not write the manager machine of " + m.name() + ": " + e.getMessage());
        }
        return false;
    }

    private boolean purge(MachinesDirectory directory, Path installs, Path self, boolean emptyAndUnverified,
                          Set<String> matching, Set<String> undecided, Optional<MachineRegistry> registry, WatcherLog log,
                          List<String> failures) throws CheckFailure, InterruptedException {
        List<String> managers;
        try {
            managers = directory.managerNames();
        } catch (IOException e) {
            throw new CheckFailure("cannot list machines directory " + directory.root() + ": " + e.getMessage());
        }
        List<String> unknown = managers.stream().filter(n -> !matching.contains(n) && !undecided.contains(n)).toList();
        if (unknown.isEmpty()) {
            return false;
        }
        if (emptyAndUnverified) {
            throw new CheckFailure("refusing to purge every managed machine (" + String.join(", ", unknown)
                    + "): the specification lists no machines and no public key is configured to prove it is intended");
        }
        boolean purged = false;
        for (String n : unknown) {
            if (!MachinesDirectory.purgeable(n)) {
                log.warn("ignoring {}{} in {}: '{}' is not a valid machine name", deployment.managerDirectoryPrefix(), n,
                        directory.root(), n);
                continue;
            }
            if (ownDirectory(directory.root(), installs, self, n).isPresent()) {
                log.warn("not purging {}: it would remove this machine's own directory {}", n, self);
                continue;
            }
            log.warn("removing managed machine {} that is not in the desired set", n);
            try {
                directory.purge(n, registry, STOP_TIMEOUT);
                purged = true;
            } catch (IOException e) {
                log.error("could not purge machine {}: {}", n, e.getMessage());
                failures.add("could not purge machine " + n + ": " + e.getMessage());
            }
        }
        return purged;
    }

    /** The machines directory {@code root} as this deployment lays it out (manager prefix, install directory). */
    private MachinesDirectory directory(Path root) {
        return new MachinesDirectory(root, deployment.managerDirectoryPrefix(), deployment.installDirectory(root));
    }

    /** A data item as text: a kv watcher stores JSON objects parsed, other values as text. */
    private static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /** The agent's trust settings (a host service) with what the build and the properties add; see {@link Trust}. */
    Trust trust(MachineContext machine) {
        return Trust.resolve(machine.services().trust(), compiledTrust, compiledKeys, properties.publicKey());
    }

    /**
     * This watcher's own machine directory when the entry {@code name} would use it, as its
     * manager {@code mm_<name>} or its installed machine {@code <name>}.
     */
    private Optional<Path> ownDirectory(Path root, Path installs, Path self, String name) {
        return Stream.of(root.resolve(deployment.managerDirectoryPrefix() + name), installs.resolve(name))
                .filter(self::equals).findFirst();
    }

    /** A check that cannot complete; the message says why. */
    private static final class CheckFailure extends Exception {
        private static final long serialVersionUID = 1L;
        /** The specification itself was refused (unreadable, untrusted, invalid), rather than missing or not applied. */
        final boolean rejected;

        CheckFailure(String message) {
            this(message, false);
        }

        private CheckFailure(String message, boolean rejected) {
            super(message);
            this.rejected = rejected;
        }

        static CheckFailure rejection(String message) {
            return new CheckFailure(message, true);
        }
    }
}

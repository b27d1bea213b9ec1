package mms.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.kv.BucketNotFound;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.WrongRevision;
import mms.spec.Ed25519PrivateKey;
import mms.spec.MachinesDiff;
import mms.spec.MachinesValidation;
import mms.spec.MachinesValidator;
import mms.spec.Problem;
import mms.spec.SignatureCheck;
import mms.spec.SpecificationDigest;
import mms.spec.SpecificationException;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;
import mms.status.FleetFeed;
import picocli.CommandLine;

/**
 * The one way {@code mms spec} publishes, whatever the content comes from ({@code publish} a
 * file, {@code rollback} to a kept revision, {@code pause} or {@code resume} rollouts): read the
 * store's history; validate the machines; sign them with the next serial (so nodes that refuse
 * rollbacks and replays accept even old content again); check the signatures against the keys the
 * fleet's nodes trust ({@link FleetTrust}); show what changes against the specification in the
 * store and which nodes run what changes; put it with a compare-and-set on the revision compared
 * against, so that nothing another operator put meanwhile is overwritten; and with {@code --wait}
 * follow the rollout ({@link FleetWait}). Anything refused puts nothing.
 */
final class Publication {

    /** What to publish, decided once the store's history is read. */
    sealed interface Plan {
        /**
         * {@code machines.json} to sign.
         *
         * @param label    how to name it, e.g. {@code machines.json} or {@code revision 5 (serial 10) again}
         * @param machines the list
         */
        record Machines(String label, byte[] machines) implements Plan {}

        /**
         * A versioned specification signed offline ({@code mms pack --serial}, {@code mms sign}).
         *
         * @param label         how to name it
         * @param specification the specification, with its signatures
         */
        record Signed(String label, VersionedSpecification specification) implements Plan {}

        /**
         * Nothing to publish: what was asked for is what the store holds.
         *
         * @param reason the sentence to print
         */
        record Nothing(String reason) implements Plan {}
    }

    /** Decides what to publish from the store's history. */
    @FunctionalInterface
    interface Planner {
        Plan plan(SpecHistory history) throws SpecificationException;
    }

    private final PublishOptions options;
    private final PrintWriter out;
    private final PrintWriter err;

    private Publication(PublishOptions options, CommandLine.Model.CommandSpec spec) {
        this.options = options;
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
    }

    /**
     * Publishes what {@code planner} decides.
     *
     * @return the exit code: 0, or with {@code --wait} that of {@link FleetWait#follow}
     * @throws CliException when anything is refused; nothing is put then
     */
    static int run(PublishOptions options, CommandLine.Model.CommandSpec spec, Planner planner)
            throws InterruptedException {
        options.check();
        return new Publication(options, spec).run(planner);
    }

    private int run(Planner planner) throws InterruptedException {
        AgentConfig settings = options.spec.resolve();
        AgentConfig.SpecificationKey where = settings.specification();
        List<Ed25519PrivateKey> keys = options.signingKeys();
        try (KeyValueStore store = KvOptions.open(settings.store())) {
            KeyValueBucket bucket = bucket(store, where);
            SpecHistory history = SpecHistory.read(bucket, where);
            FleetTrust trust = FleetTrust.resolve(settings, bucket.get(TrustDocument.STORE_KEY).map(Entry::valueAsString),
                    where.bucket() + " > " + TrustDocument.STORE_KEY);
            trust.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            Target target = new Target(store, bucket, where, history, trust);
            return switch (planner.plan(history)) {
                case Plan.Nothing(String reason) -> {
                    out.println(reason + "; nothing published");
                    out.flush();
                    yield 0;
                }
                case Plan.Machines(String label, byte[] machines) ->
                        publish(label, sign(label, machines, history, settings, keys, trust), target);
                case Plan.Signed(String label, VersionedSpecification signed) ->
                        publish(label, cosign(label, signed, history, settings, keys), target);
            };
        } catch (SpecificationException e) {
            throw new CliException(e.getMessage() + "; nothing published", 1, e);
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }

    /** Where a publication goes and what is there. */
    private record Target(KeyValueStore store, KeyValueBucket bucket, AgentConfig.SpecificationKey where,
                          SpecHistory history, FleetTrust trust) {}

    /** Checks, shows and puts {@code candidate}, then follows it with {@code --wait}. */
    private int publish(String label, VersionedSpecification candidate, Target target)
            throws KvException, InterruptedException, SpecificationException {
        String name = "specification serial " + candidate.serial();
        target.trust().require(candidate.envelope(), name);
        show(label, candidate, target);
        if (options.dryRun) {
            out.println("dry run: nothing put");
            out.flush();
            return 0;
        }
        long revision = put(target.bucket(), target.history(), candidate);
        out.println("published " + name + " as " + target.history().where() + " revision " + revision + " (digest "
                + SpecificationDigest.of(candidate.toJson()).substring(0, 12) + ")");
        out.flush();
        if (!options.await) {
            return 0;
        }
        try (FleetFeed feed = FleetFeed.open(target.store(), target.where().bucket(), target.where().key())) {
            FleetWait.awaitInitial(feed, target.store().description());
            return FleetWait.follow(feed, target.where(), options.timeout == null ? FleetWait.DEFAULT_TIMEOUT
                    : options.timeout, out, view -> FleetReport.print(out, view, target.where()));
        }
    }

    /** The store's bucket, or an error saying how to create it. */
    private static KeyValueBucket bucket(KeyValueStore store, AgentConfig.SpecificationKey where) throws KvException {
        try {
            return store.bucket(where.bucket());
        } catch (BucketNotFound e) {
            throw new CliException("bucket " + where.bucket() + " not found in " + store.description() + ": create it"
                    + " once with mms kv add " + where.bucket() + " --history 10 (rollback reaches back as far as its"
                    + " history); nothing published", 1, e);
        }
    }

    /** {@code machines} validated and signed with the next serial. */
    private VersionedSpecification sign(String label, byte[] machines, SpecHistory history, AgentConfig settings,
                                        List<Ed25519PrivateKey> keys, FleetTrust trust) {
        validate(label, machines);
        long highest = history.highestSerial();
        long serial = options.serial != null ? options.serial : highest + 1;
        if (serial <= highest) {
            throw new CliException("serial " + serial + " is not above serial " + highest + ", the highest "
                    + history.where() + " keeps: nodes would refuse it as a rollback or a replay; nothing published");
        }
        Instant now = Instant.now();
        VersionedSpecification specification;
        try {
            specification = VersionedSpecification.create(machines, new VersionedSpecification.Header(serial, now,
                    Optional.ofNullable(options.expires).map(e -> SignedDocuments.expires("--expires", e, now)),
                    settings.trust().audience()));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2, e);
        } catch (SpecificationException e) {
            throw new CliException(label + ": " + e.getMessage(), 1, e);
        }
        if (keys.isEmpty() && trust.checksSignatures()) {
            throw new CliException("no signing key: give --key KEY (hex or a key file) or set KEY; nothing published");
        }
        for (Ed25519PrivateKey key : keys) {
            specification = specification.signedBy(key);
        }
        return specification;
    }

    /** A specification signed offline, with the {@code --key} signatures added, refused if nodes would refuse it. */
    private VersionedSpecification cosign(String label, VersionedSpecification signed, SpecHistory history,
                                          AgentConfig settings, List<Ed25519PrivateKey> keys) {
        if (options.serial != null || options.expires != null) {
            throw new CliException("--serial and --expires are signed into " + label + " already", 2, null);
        }
        validate(label, signed.machines());
        VersionedSpecification.Header header = signed.header();
        String audience = settings.trust().audience();
        if (!header.audience().equals(audience)) {
            throw new CliException(label + " is for audience '" + header.audience() + "', the nodes of "
                    + history.where() + " have audience '" + audience + "' (--audience, audience); nothing published");
        }
        if (signed.expiredAt(Instant.now(), Duration.ZERO)) {
            throw new CliException(label + " expired at " + header.expires().orElseThrow() + "; nothing published");
        }
        long highest = history.highestSerial();
        if (header.serial() <= highest) {
            throw new CliException(label + " has serial " + header.serial() + ", not above serial " + highest
                    + ", the highest " + history.where() + " keeps: nodes would refuse it as a rollback or a replay;"
                    + " sign it again with a higher --serial; nothing published");
        }
        for (Ed25519PrivateKey key : keys) {
            signed = signed.signedBy(key);
        }
        return signed;
    }

    /** Prints every problem of {@code machines}, and refuses them when there is an error. */
    private void validate(String label, byte[] machines) {
        MachinesValidation validation = MachinesValidator.validate(machines);
        for (Problem warning : validation.warnings()) {
            err.println("warning: " + warning.describe());
        }
        for (Problem error : validation.errors()) {
            err.println("error: " + error.describe());
        }
        err.flush();
        if (!validation.valid()) {
            int n = validation.errors().size();
            throw new CliException("invalid machines specification " + label + ": " + n + (n == 1 ? " error" : " errors")
                    + ", nothing published");
        }
        if (validation.machines().isEmpty() && !options.force) {
            throw new CliException(label + " lists no machines: nodes would remove every machine they manage; use"
                    + " --force to publish it anyway");
        }
    }

    /** What is published, who signed it, and what changes for which nodes. */
    private void show(String label, VersionedSpecification candidate, Target target)
            throws InterruptedException, SpecificationException {
        SpecHistory history = target.history();
        FleetTrust trust = target.trust();
        out.println("Publishing " + label + " to " + history.where() + ": "
                + SignedDocuments.describe(candidate.header()));
        List<SignatureCheck> checks = trust.checks(candidate.envelope());
        for (int i = 0; i < checks.size(); i++) {
            out.println("  trust      " + trust.describe().get(i));
            SignedDocuments.signatures(checks.get(i)).forEach(line -> out.println("  signature  " + line));
        }
        // a current value no node can read is compared as nothing: publishing is how it gets replaced
        Optional<SpecHistory.Revision> current = history.current();
        String from = current.map(SpecHistory.Revision::label)
                .orElse("nothing (" + history.where() + " holds no specification)");
        byte[] none = "null".getBytes(StandardCharsets.UTF_8);
        MachinesDiff diff;
        try {
            diff = MachinesDiff.of(current.flatMap(SpecHistory.Revision::content).map(SpecContent::machines).orElse(none),
                    candidate.machines());
        } catch (SpecificationException e) {
            err.println("warning: cannot compare with " + from + ", so every entry shows as added: " + e.getMessage());
            err.flush();
            diff = MachinesDiff.of(none, candidate.machines());
        }
        SpecDiffReport.print(out, from, "serial " + candidate.serial(), diff,
                SpecDiffReport.Nodes.read(target.store(), target.where(), err));
    }

    /** Puts {@code candidate} if the key's last revision is still the one compared against. */
    private static long put(KeyValueBucket bucket, SpecHistory history, VersionedSpecification candidate)
            throws KvException {
        try {
            return bucket.update(history.key(), candidate.toJson().getBytes(StandardCharsets.UTF_8),
                    history.lastRevision());
        } catch (WrongRevision e) {
            throw new CliException(history.where() + " changed while this was being published (its last revision was "
                    + history.lastRevision() + " when compared): nothing published; compare again with mms spec diff"
                    + " and publish again", 1, e);
        }
    }
}

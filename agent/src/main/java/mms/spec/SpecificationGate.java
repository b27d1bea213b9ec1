package mms.spec;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import mms.digest.Sha256;
import mms.duration.GoDuration;
import mms.spec.match.MatchEnvironment;
import mms.spec.match.Matcher;
import mms.spec.match.MatcherException;

/**
 * The one gate a specification passes on a node before anything is done with it. What comes out
 * is either a rejection naming the rule it broke ({@link Refusal}), which must change nothing, or
 * the machines this node should run. Deciding is kept apart from doing (the machines watcher
 * reconciles its directory with the decision), so every watcher that deploys from a specification
 * shares one set of rules and no check is written twice.
 *
 * <p>In order:
 * <ol>
 *   <li><b>Trust.</b> The trusted keys are those of the trust document the node adopted through the
 *       store ({@link SpecificationLedger}) when it is newer than the configured one, else of the
 *       configured {@link Trust}. When the store holds a trust document (the {@code trust_item}),
 *       it must be that document or a valid rotation of it ({@link TrustDocument#successorProblem}),
 *       which is then adopted, durably, before it is relied on; anything else refuses the whole
 *       check ({@link Refusal#ROTATION_REFUSED}).</li>
 *   <li><b>Format.</b> An envelope with a {@code payloadType} is a {@link VersionedSpecification};
 *       anything else is read as the original's {@link Specification}, accepted only where
 *       {@link Trust#legacyAllowed()} and no versioned specification was applied from the same
 *       data item before (otherwise it could roll one back).</li>
 *   <li><b>Signatures.</b> At least the threshold of distinct trusted keys (one under key trust)
 *       signed the exact bytes carried.</li>
 *   <li><b>Audience, serial, expiry</b> (versioned only). The audience must be the node's; the
 *       serial must not be below the highest applied (rollback) nor equal to it with other content
 *       (replay); a newer specification must not have expired, and when the one applied expires
 *       the node keeps running it and reports {@link Refusal#STALE}. Expiry allows
 *       {@link #CLOCK_SKEW} for clocks that disagree.</li>
 *   <li><b>Validation</b> of {@code machines.json} ({@link MachinesValidator}): a problem of the
 *       document refuses it all; an entry with a problem of its own is skipped
 *       ({@link Decision.Desired#skipped()}) and its machine left as it is, while the other entries
 *       apply.</li>
 *   <li>A newer serial is recorded durably, then each usable entry's matcher is evaluated once.</li>
 * </ol>
 *
 * <p>Not thread-safe for one data item: a node decides each item from one thread (its watcher loop).
 */
public final class SpecificationGate {

    /**
     * How long after {@code expires} a specification is still accepted, for clocks that disagree
     * between the operator who signs and the nodes that check.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Trust trust;
    private final SpecificationLedger ledger;
    private final InstantSource clock;
    /** Which of the original's envelopes this gate reads: the machines or the plugins watcher's. */
    private final Specification.Kind kind;
    private Optional<TrustDocument> adopted = Optional.empty();

    /**
     * @param trust  the node's policy, not null
     * @param ledger what the node remembers, not null
     * @param clock  the node's clock, not null
     */
    public SpecificationGate(Trust trust, SpecificationLedger ledger, InstantSource clock) {
        this(trust, ledger, clock, Specification.Kind.MACHINES);
    }

    /**
     * A gate that reads the original's format as an envelope of {@code kind}; versioned
     * specifications are read the same for every kind.
     *
     * @param trust  the node's policy, not null
     * @param ledger what the node remembers, not null
     * @param clock  the node's clock, not null
     * @param kind   which of the original's envelopes ({@code machines} or {@code plugins}), not null
     */
    public SpecificationGate(Trust trust, SpecificationLedger ledger, InstantSource clock, Specification.Kind kind) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Where a node's manager finds trust documents published through the store.
     *
     * @param name     the data item (e.g. {@code trust}), also the ledger's key for what was adopted from it
     * @param envelope its content, empty while the store holds none
     */
    public record TrustItem(String name, Optional<String> envelope) {

        /** Rejects nulls. */
        public TrustItem {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /**
     * Decides what {@code envelope} asks of this node.
     *
     * @param item      the data item it came from, which stands for the bucket and key; not null
     * @param envelope  the specification envelope JSON, not null
     * @param trustItem where trust documents come from, empty when the node takes none from the store
     * @param node      what matchers see of the node, not null
     * @return never null
     */
    public Decision decide(String item, String envelope, Optional<TrustItem> trustItem, MatchEnvironment node) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(trustItem, "trustItem");
        Objects.requireNonNull(node, "node");
        adopted = Optional.empty();
        Anchor anchor;
        try {
            anchor = current(trustItem);
        } catch (IOException e) {
            return new Decision.Refused(Refusal.STATE_UNAVAILABLE, e.getMessage());
        }
        if (trustItem.isPresent() && trustItem.get().envelope().isPresent()) {
            Rotation rotation = rotate(anchor, trustItem.get());
            if (rotation.refusal().isPresent()) {
                return rotation.refusal().get();
            }
            anchor = rotation.anchor();
        }
        return Envelope.isEnvelope(envelope) ? versioned(item, envelope, anchor, node) : original(item, envelope, anchor, node);
    }

    /**
     * The trust document the last {@link #decide} adopted from the store, recorded in the ledger
     * before the specification was checked against it; empty when it adopted none. A node
     * logs the rotation once, here, whatever it decided about the specification.
     */
    public Optional<TrustDocument> adopted() {
        return adopted;
    }

    /**
     * The keys a node trusts right now.
     *
     * @param document    the trust document they come from; empty under key trust
     * @param keyring     the keys and threshold; empty when no key is configured at all
     * @param version     the document's version, 0 under key trust
     * @param description how messages name it, e.g. {@code trust document version 3}
     * @param adopted     whether the document was adopted through the store rather than configured
     */
    public record Anchor(Optional<TrustDocument> document, Optional<Keyring> keyring, long version,
                         String description, boolean adopted) {

        static Anchor of(TrustDocument document, boolean adopted) {
            return new Anchor(Optional.of(document), Optional.of(document.keyring()), document.version(),
                    "trust document version " + document.version(), adopted);
        }
    }

    private record Rotation(Anchor anchor, Optional<Decision> refusal) {}

    /**
     * The keys this node trusts before looking at the store: the trust document adopted from
     * {@code trustItem} when it is newer than the configured one, else the configured trust. What
     * {@code mms verify} and {@code mms trust show} report.
     *
     * @param trustItem the data item trust documents come from, empty to ignore what was adopted
     * @throws IOException when the ledger cannot be read
     */
    public Anchor anchor(Optional<String> trustItem) throws IOException {
        return current(trustItem.map(name -> new TrustItem(name, Optional.empty())));
    }

    private Anchor current(Optional<TrustItem> trustItem) throws IOException {
        Optional<TrustDocument> configured = trust.document();
        Optional<TrustDocument> adopted = trustItem.isPresent() ? ledger.adopted(trustItem.get().name()) : Optional.empty();
        if (adopted.isPresent() && (configured.isEmpty() || adopted.get().version() > configured.get().version())) {
            return Anchor.of(adopted.get(), true);
        }
        if (configured.isPresent()) {
            return Anchor.of(configured.get(), false);
        }
        Optional<Keyring> keys = trust.keyring();
        String description = trust.keys().size() == 1 ? "public key " + trust.keys().getFirst().hex()
                : trust.keys().size() + " trusted public keys";
        return new Anchor(Optional.empty(), keys, 0, description, false);
    }

    private Rotation rotate(Anchor anchor, TrustItem item) {
        String where = "trust document in data item " + item.name();
        TrustDocument candidate;
        try {
            candidate = TrustDocument.parse(item.envelope().orElseThrow());
        } catch (SpecificationException e) {
            return refusedRotation(anchor, where + ": " + e.getMessage());
        }
        if (anchor.document().isPresent()
                && anchor.document().get().payloadDigest().equals(candidate.payloadDigest())) {
            return new Rotation(anchor, Optional.empty());
        }
        if (candidate.version() < anchor.version()) {
            return refusedRotation(anchor, where + " is version " + candidate.version() + ", older than the trusted "
                    + anchor.description() + ": a trust rollback is refused");
        }
        if (candidate.version() == anchor.version()) {
            return refusedRotation(anchor, where + " is version " + candidate.version() + " but differs from the trusted "
                    + anchor.description() + ": a version is never reused");
        }
        if (anchor.keyring().isEmpty()) {
            return refusedRotation(anchor, where + " (version " + candidate.version() + ") cannot be checked: this node"
                    + " trusts no key that could have signed it");
        }
        Optional<String> problem = candidate.successorProblem(anchor.keyring().get(), anchor.version());
        if (problem.isPresent()) {
            return refusedRotation(anchor, where + ": " + problem.get());
        }
        try {
            ledger.recordAdopted(item.name(), candidate);
        } catch (IOException e) {
            return new Rotation(anchor, Optional.of(new Decision.Refused(Refusal.STATE_UNAVAILABLE,
                    "cannot adopt trust document version " + candidate.version() + ": " + e.getMessage())));
        }
        adopted = Optional.of(candidate);
        return new Rotation(Anchor.of(candidate, true), Optional.empty());
    }

    private static Rotation refusedRotation(Anchor anchor, String reason) {
        return new Rotation(anchor, Optional.of(new Decision.Refused(Refusal.ROTATION_REFUSED,
                reason + "; still trusting " + anchor.description())));
    }

    // --- the original's format

    private Decision original(String item, String envelope, Anchor anchor, MatchEnvironment node) {
        Specification specification;
        try {
            specification = Specification.parse(envelope, kind);
        } catch (SpecificationException e) {
            return new Decision.Unreadable(e.getMessage());
        }
        String format = "the original's specification format (one signature, no serial, expiry or audience)";
        boolean allowed = trust.allowLegacy().orElse(anchor.document().isEmpty());
        if (!allowed) {
            return new Decision.Refused(Refusal.LEGACY_REFUSED, format + " is refused: "
                    + (anchor.document().isPresent() && trust.allowLegacy().isEmpty()
                            ? anchor.description() + " requires versioned specifications (allow_legacy: true accepts it)"
                            : "allow_legacy is false"));
        }
        Optional<SpecificationLedger.Applied> applied;
        try {
            applied = ledger.applied(item);
        } catch (IOException e) {
            return new Decision.Refused(Refusal.STATE_UNAVAILABLE, e.getMessage());
        }
        if (applied.isPresent()) {
            return new Decision.Refused(Refusal.LEGACY_REFUSED, format + " is refused: versioned specification serial "
                    + applied.get().serial() + " was applied from data item " + item + ", and the original's format"
                    + " could roll it back");
        }
        Trust.Decision trusted;
        if (anchor.document().isPresent()) {
            Keyring keyring = anchor.keyring().orElseThrow();
            if (keyring.threshold() > 1) {
                return new Decision.Refused(Refusal.BELOW_THRESHOLD, format + " carries one signature, "
                        + anchor.description() + " requires " + keyring.threshold());
            }
            trusted = new Trust(keyring.keys(), false).check(specification);
        } else {
            trusted = trust.check(specification);
        }
        if (trusted instanceof Trust.Decision.Refused(Refusal refusal, String reason)) {
            return new Decision.Refused(refusal, reason);
        }
        MachinesValidation validation = MachinesValidator.validate(specification.payload());
        if (!validation.documentErrors().isEmpty()) {
            return invalid(validation);
        }
        List<KeyId> signers = trusted instanceof Trust.Decision.Verified(Verification.Verified v)
                ? List.of(v.key().keyId()) : List.of();
        return desired(validation, trusted, new Provenance(Optional.empty(), signers,
                trusted instanceof Trust.Decision.Unchecked ? "allow_unsigned" : anchor.description(), false), node);
    }

    // --- versioned specifications

    private Decision versioned(String item, String text, Anchor anchor, MatchEnvironment node) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(text);
        } catch (SpecificationException e) {
            return new Decision.Unreadable(e.getMessage());
        }
        if (!envelope.payloadType().equals(VersionedSpecification.PAYLOAD_TYPE)) {
            return new Decision.Unreadable("not a specification: the envelope's payloadType is '"
                    + Excerpt.of(envelope.payloadType()) + "', expected " + VersionedSpecification.PAYLOAD_TYPE);
        }
        Trust.Decision trusted;
        List<KeyId> signers;
        if (anchor.keyring().isEmpty()) {
            if (!trust.allowUnsigned()) {
                return new Decision.Refused(Refusal.NO_TRUST, "no trusted public key configured: the specification's"
                        + " signatures cannot be checked; set trust_file or signing_key, or allow_unsigned: true to"
                        + " accept unsigned specifications");
            }
            trusted = new Trust.Decision.Unchecked();
            signers = List.of();
        } else {
            SignatureCheck check = anchor.keyring().get().check(envelope);
            if (envelope.signatures().isEmpty()) {
                return new Decision.Refused(Refusal.UNSIGNED, name(envelope) + " is not signed: " + anchor.description()
                        + " requires " + plural(check.threshold(), "signature"));
            }
            if (!check.met()) {
                return new Decision.Refused(Refusal.BELOW_THRESHOLD, name(envelope) + " is signed by too few trusted"
                        + " keys of " + anchor.description() + ": " + check.describe());
            }
            trusted = new Trust.Decision.Verified(new Verification.Verified(check.signers().getFirst()));
            signers = check.signers().stream().map(Ed25519PublicKey::keyId).toList();
        }
        VersionedSpecification specification;
        try {
            specification = VersionedSpecification.read(envelope);
        } catch (SpecificationException e) {
            return new Decision.Invalid(e.getMessage());
        }
        VersionedSpecification.Header header = specification.header();
        String name = "specification serial " + header.serial();
        if (!header.audience().equals(trust.audience())) {
            return new Decision.Refused(Refusal.FOREIGN_AUDIENCE, name + " is for audience '" + header.audience()
                    + "', this node's audience is '" + trust.audience() + "'");
        }
        Optional<SpecificationLedger.Applied> applied;
        try {
            applied = ledger.applied(item);
        } catch (IOException e) {
            return new Decision.Refused(Refusal.STATE_UNAVAILABLE, e.getMessage());
        }
        Instant now = clock.instant();
        boolean expired = specification.expiredAt(now, CLOCK_SKEW);
        String expiry = header.expires().map(e -> " expired at " + e + " (now " + now.truncatedTo(ChronoUnit.SECONDS)
                + ", allowing " + GoDuration.format(CLOCK_SKEW) + " of clock skew)").orElse("");
        boolean fresh = applied.isEmpty() || header.serial() > applied.get().serial();
        if (!fresh) {
            SpecificationLedger.Applied last = applied.get();
            if (header.serial() < last.serial()) {
                return new Decision.Refused(Refusal.ROLLBACK, name + " is older than serial " + last.serial()
                        + " applied at " + last.recorded() + ": a rollback is refused");
            }
            if (!specification.payloadDigest().equals(last.digest())) {
                return new Decision.Refused(Refusal.REPLAY, name + " differs from the serial " + last.serial()
                        + " applied at " + last.recorded() + " (payload sha-256 " + specification.payloadDigest()
                        + ", applied " + last.digest() + "): a serial is never reused");
            }
            if (expired) {
                return new Decision.Refused(Refusal.STALE, "the applied " + name + expiry + ": this node keeps running it,"
                        + " changes nothing and is stale until a newer specification is published");
            }
        } else if (expired) {
            return new Decision.Refused(Refusal.EXPIRED, name + expiry + ": an expired specification is refused");
        }
        MachinesValidation validation = MachinesValidator.validate(specification.machines());
        if (!validation.documentErrors().isEmpty()) {
            return invalid(validation);
        }
        if (fresh) {
            try {
                ledger.recordApplied(item, SpecificationLedger.Applied.of(specification, now));
            } catch (IOException e) {
                return new Decision.Refused(Refusal.STATE_UNAVAILABLE, "cannot record " + name + " as applied, so a"
                        + " rollback could not be told apart after a restart: " + e.getMessage());
            }
        }
        return desired(validation, trusted,
                new Provenance(Optional.of(header), signers,
                        trusted instanceof Trust.Decision.Unchecked ? "allow_unsigned" : anchor.description(), fresh),
                node);
    }

    /**
     * How messages about signatures name a specification: by serial when its payload reads,
     * which is only ever used for this name before the signatures are known to count.
     */
    private static String name(Envelope envelope) {
        try {
            return "specification serial " + VersionedSpecification.read(envelope).serial();
        } catch (SpecificationException e) {
            return "specification with payload sha-256 " + Sha256.of(envelope.payload());
        }
    }

    // --- validation and matching, the same for both formats

    private static Decision invalid(MachinesValidation validation) {
        try {
            validation.applicableOrThrow();
            throw new IllegalStateException("a usable machines list is not invalid");
        } catch (SpecificationException e) {
            return new Decision.Invalid(e.getMessage());
        }
    }

    private static Decision desired(MachinesValidation validation, Trust.Decision trusted, Provenance provenance,
                                    MatchEnvironment node) {
        List<ManagedMachine> listed = validation.applicable();
        List<ManagedMachine> wanted = new ArrayList<>();
        List<Undecided> undecided = new ArrayList<>();
        for (ManagedMachine machine : listed) {
            try {
                if (Matcher.compile(machine.match()).matches(node)) {
                    wanted.add(machine);
                }
            } catch (MatcherException e) {
                undecided.add(new Undecided(machine, e.getMessage(), false));
            } catch (RuntimeException | Error e) {
                // whatever a matcher throws, even a StackOverflowError, must neither deploy nor purge
                // the machine nor stop the other entries
                undecided.add(new Undecided(machine, e.toString(), true));
            }
        }
        return new Decision.Desired(trusted, listed, wanted, undecided, validation.skipped(), validation.warnings(),
                provenance);
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /**
     * An entry whose matcher could not be evaluated on this node: its machine is left as it is,
     * neither deployed nor purged.
     *
     * @param machine    the entry, not null
     * @param reason     why, not null
     * @param unexpected whether the failure was not a matcher error (a bug, or the node's file
     *                   system misbehaving) rather than an expression that cannot be evaluated here
     */
    public record Undecided(ManagedMachine machine, String reason, boolean unexpected) {

        /** Rejects nulls. */
        public Undecided {
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * How an accepted specification was accepted: for logs, {@code mms verify} and status records.
     *
     * @param header  serial, times and audience of a versioned specification; empty for the original's format
     * @param signers the ids of the trusted keys whose signatures counted, in envelope order;
     *                empty when accepted unchecked ({@code allow_unsigned})
     * @param trust   what it was checked against, e.g. {@code trust document version 3}
     * @param fresh   whether this decision accepted a newer serial (recorded just now) rather than
     *                the one already applied
     */
    public record Provenance(Optional<VersionedSpecification.Header> header, List<KeyId> signers, String trust,
                             boolean fresh) {

        /** Copies the list. */
        public Provenance {
            Objects.requireNonNull(header, "header");
            signers = List.copyOf(signers);
            Objects.requireNonNull(trust, "trust");
        }

        /** A sentence for logs, e.g. {@code serial 43 for audience production, expires 2026-…, signed by 2 keys of trust document version 3}. */
        public String describe() {
            StringBuilder out = new StringBuilder();
            if (header.isPresent()) {
                VersionedSpecification.Header h = header.get();
                out.append("serial ").append(h.serial()).append(" for audience ").append(h.audience())
                        .append(", issued ").append(h.issued());
                h.expires().ifPresent(e -> out.append(", expires ").append(e));
            } else {
                out.append("the original's format");
            }
            if (signers.isEmpty()) {
                return out.append(", not checked (allow_unsigned)").toString();
            }
            return out.append(", signed by ").append(plural(signers.size(), "key")).append(" of ").append(trust).toString();
        }
    }

    /** What the gate decided. */
    public sealed interface Decision {

        /** A decision that changes nothing: the node keeps running what it ran. */
        sealed interface Rejected extends Decision {
            /** Which rule the specification broke. */
            Refusal refusal();

            /** Why, a lowercase sentence naming the bad value. */
            String reason();
        }

        /**
         * The envelope is not a specification (not JSON, bad base64, malformed, oversized, another
         * type of document): nothing changes.
         *
         * @param reason why, lowercase
         */
        record Unreadable(String reason) implements Rejected {
            @Override
            public Refusal refusal() {
                return Refusal.UNREADABLE;
            }
        }

        /**
         * The node's trust policy refuses the specification: not signed by enough trusted keys, a
         * format the policy forbids, a rollback, a replay, expired, stale, for another audience, or
         * a refused trust rotation. Nothing changes.
         *
         * @param refusal which rule, not null
         * @param reason  why, lowercase
         */
        record Refused(Refusal refusal, String reason) implements Rejected {

            /** Rejects nulls. */
            public Refused {
                Objects.requireNonNull(refusal, "refusal");
                Objects.requireNonNull(reason, "reason");
            }
        }

        /**
         * The specification is trusted but breaks a rule of its format as a whole (the versioned
         * payload, or a {@code machines.json} that is no list, not JSON or too large): nothing
         * changes. A problem of one entry does not make a specification invalid on a node (see
         * {@link Desired#skipped()}).
         *
         * @param reason every problem of the document
         */
        record Invalid(String reason) implements Rejected {
            @Override
            public Refusal refusal() {
                return Refusal.INVALID;
            }
        }

        /**
         * The specification is accepted.
         *
         * @param trust      how it was accepted (verified by a key, or unchecked by opt-in), not null
         * @param listed     every entry this node can use, in document order
         * @param wanted     the entries whose matcher is true on this node, in document order
         * @param undecided  the entries whose matcher failed on this node
         * @param skipped    the entries this node cannot use ({@link MachinesValidation#skipped()}):
         *                   like undecided ones, their machines are neither installed, upgraded nor purged
         * @param warnings   validation warnings
         * @param provenance serial, signers and trust it was accepted with, not null
         */
        record Desired(Trust.Decision trust, List<ManagedMachine> listed, List<ManagedMachine> wanted,
                       List<Undecided> undecided, List<MachinesValidation.Skipped> skipped, List<Problem> warnings,
                       Provenance provenance) implements Decision {

            /** Copies the lists. */
            public Desired {
                Objects.requireNonNull(trust, "trust");
                listed = List.copyOf(listed);
                wanted = List.copyOf(wanted);
                undecided = List.copyOf(undecided);
                skipped = List.copyOf(skipped);
                warnings = List.copyOf(warnings);
                Objects.requireNonNull(provenance, "provenance");
            }

            /**
             * The names of the machines this node leaves exactly as they are: those of the undecided
             * and the skipped entries, in document order.
             */
            public Set<String> leftAsIs() {
                Set<String> names = new LinkedHashSet<>();
                undecided.forEach(u -> names.add(u.machine().name()));
                skipped.forEach(s -> s.name().ifPresent(names::add));
                return names;
            }

            /**
             * Whether a skipped entry has no name this node can read: the machine it stands for is
             * unknown, so none may be purged as "not in the specification" while it is there.
             */
            public boolean skippedUnnamed() {
                return skipped.stream().anyMatch(s -> s.name().isEmpty());
            }

            /** Whether a trusted key signed it: only then may an empty list purge everything. */
            public boolean verified() {
                return trust instanceof Trust.Decision.Verified;
            }

            /** The names of every entry, in document order. */
            public List<String> names() {
                return listed.stream().map(ManagedMachine::name).toList();
            }
        }
    }
}

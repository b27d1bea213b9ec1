package mms.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.spec.CompiledKeys;
import mms.spec.CompiledTrust;
import mms.spec.Ed25519PublicKey;
import mms.spec.Envelope;
import mms.spec.KeyFormatException;
import mms.spec.Keyring;
import mms.spec.SignatureCheck;
import mms.spec.SpecificationException;
import mms.spec.Trust;
import mms.spec.TrustDocument;

/**
 * The keys a specification must be signed by before {@code mms spec} puts it: those the fleet's
 * nodes trust. That is the trust the settings give a node (a compiled-in trust document, else
 * {@code trust_file}, else {@code signing_key} or the compiled-in keys, resolved as the agent
 * resolves them) and, when the bucket's {@code trust} key holds a newer trust document, that one
 * too: nodes that adopted it check against it, the others against the configured trust, so while
 * a rotation travels a specification must satisfy both (the README's "keys trusted on both sides").
 */
final class FleetTrust {

    /**
     * Keys and threshold a specification must meet.
     *
     * @param description how messages name it, e.g. {@code trust document version 2 in MACHINES > trust}
     * @param keyring     the keys and threshold
     */
    record Requirement(String description, Keyring keyring) {}

    /** Why nothing can be checked: no key is configured and unsigned specifications are not allowed. */
    private static final String NO_KEY = "no trusted public key configured, so what nodes will accept cannot be"
            + " checked: set the nodes' trust_file or signing_key (--trust-file, --signing-key, MMS_TRUST_FILE,"
            + " MMS_SIGNING_KEY, --config); nothing published";

    private final List<Requirement> requirements;
    private final List<String> warnings;
    /** Whether no key is configured and nodes refuse everything: nothing can be published. */
    private final boolean untrusting;

    private FleetTrust(List<Requirement> requirements, List<String> warnings, boolean untrusting) {
        this.requirements = List.copyOf(requirements);
        this.warnings = List.copyOf(warnings);
        this.untrusting = untrusting;
    }

    /**
     * The fleet's trust.
     *
     * @param settings      the resolved settings
     * @param storeDocument the value of the bucket's {@code trust} key, if it holds one
     * @param where         how messages name that key, e.g. {@code MACHINES > trust}
     * @throws CliException when the compiled-in trust cannot be read
     */
    static FleetTrust resolve(AgentConfig settings, Optional<String> storeDocument, String where) {
        Trust trust;
        try {
            trust = Trust.resolve(settings.trust(), CompiledTrust.load(), CompiledKeys.load(), Optional.empty());
        } catch (SpecificationException | KeyFormatException | IOException e) {
            throw new CliException("cannot read the trust compiled into this build: " + e.getMessage(), 1, e);
        }
        List<Requirement> requirements = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Optional<Keyring> configured = trust.keyring();
        if (configured.isEmpty()) {
            if (trust.allowUnsigned()) {
                warnings.add("no trusted public key configured and allow_unsigned is set: nodes apply specifications"
                        + " without checking signatures, and neither does this command");
            }
            return new FleetTrust(requirements, warnings, !trust.allowUnsigned());
        }
        long version = trust.document().map(TrustDocument::version).orElse(0L);
        requirements.add(new Requirement(trust.document().map(d -> "trust document version " + d.version())
                .orElse(trust.keys().size() == 1 ? "public key " + trust.keys().getFirst().hex()
                        : trust.keys().size() + " trusted public keys"), configured.get()));
        if (storeDocument.isPresent()) {
            TrustDocument stored;
            try {
                stored = TrustDocument.parse(storeDocument.get());
            } catch (SpecificationException e) {
                warnings.add("the trust document in " + where + " cannot be read, nodes refuse every specification"
                        + " while it is there: " + e.getMessage());
                return new FleetTrust(requirements, warnings, false);
            }
            boolean same = trust.document().map(d -> d.payloadDigest().equals(stored.payloadDigest())).orElse(false);
            if (!same) {
                Optional<String> problem = stored.successorProblem(configured.get(), version);
                if (stored.version() <= version) {
                    warnings.add("nodes refuse every specification while " + where + " holds it: " + problem.orElseThrow());
                } else {
                    problem.ifPresent(p -> warnings.add("nodes that trust " + requirements.getFirst().description()
                            + " will not adopt the trust document in " + where + ": " + p));
                    requirements.add(new Requirement("trust document version " + stored.version() + " in " + where,
                            stored.keyring()));
                }
            }
        }
        return new FleetTrust(requirements, warnings, false);
    }

    /** What the fleet's nodes check, e.g. {@code public key 6403…: 1 of 1 key must sign}, one line each. */
    List<String> describe() {
        return requirements.stream().map(r -> r.description() + ": " + r.keyring().threshold() + " of "
                + FleetReport.count(r.keyring().keys().size(), "key") + " must sign").toList();
    }

    /** Problems with the fleet's trust worth saying before publishing. */
    List<String> warnings() {
        return warnings;
    }

    /** Each requirement's check of {@code envelope}, in order. */
    List<SignatureCheck> checks(Envelope envelope) {
        return requirements.stream().map(r -> r.keyring().check(envelope)).toList();
    }

    /** The keys of the nodes' configured trust, which check a specification in the original's format; none when none is configured. */
    List<Ed25519PublicKey> keys() {
        return requirements.isEmpty() ? List.of() : requirements.getFirst().keyring().keys();
    }

    /** Whether signatures are checked at all: some key is configured. */
    boolean checksSignatures() {
        return !requirements.isEmpty();
    }

    /**
     * Refuses a specification that some of the fleet's nodes would refuse.
     *
     * @param name how to name it, e.g. {@code specification serial 13}
     * @throws CliException naming the trust that is not met and each signature's status, or saying
     *     that no key is configured
     */
    void require(Envelope envelope, String name) {
        if (untrusting) {
            throw new CliException(NO_KEY);
        }
        for (Requirement r : requirements) {
            SignatureCheck check = r.keyring().check(envelope);
            if (!check.met()) {
                throw new CliException(name + " is not signed as nodes require: " + r.description() + ": "
                        + check.describe() + "; sign it with keys the nodes trust (--key, repeated for several; or mms pack"
                        + " --serial and mms sign, then publish the signed file); nothing published");
            }
        }
    }
}

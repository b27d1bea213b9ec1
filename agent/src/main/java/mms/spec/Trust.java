package mms.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's trust policy: which specifications it acts on, in which formats, for which audience.
 *
 * <p><b>Keys.</b> Either a {@link TrustDocument} (document trust: its keys and threshold, rotated
 * through the store) or plain public keys (key trust, the original's model: a signature by any one
 * of them is enough). With neither, nothing is trusted unless the operator opted in with
 * {@code allow_unsigned}: then specifications are accepted without checking them (the original
 * deploys whatever is in the bucket then, mms refuses it by default). A configured key or
 * document is always enforced; {@code allow_unsigned} never weakens it.
 *
 * <p><b>Where they come from</b> ({@link #resolve}): a trust document compiled into the build
 * (the paranoid build: configuration cannot replace it), else the agent's {@code trust_file},
 * else for key trust the agent's {@code signing_key}, else the keys compiled into the build, else
 * the machines watcher's {@code public_key} property.
 *
 * <p><b>Formats.</b> The original's format ({@link Specification}: one signature, no serial,
 * expiry or audience) is accepted under key trust and refused under document trust, unless
 * {@code allow_legacy} says otherwise; versioned specifications ({@link VersionedSpecification})
 * are accepted under both. The rules a versioned specification must pass are those of
 * {@link SpecificationGate}.
 *
 * @param keys          the trusted public keys of key trust; empty when none is configured; never null
 * @param allowUnsigned whether, with no key and no document, specifications are accepted without checking them
 * @param document      the trust document the node starts from, when document trust is configured
 * @param allowLegacy   {@code allow_legacy}, when set: whether the original's format is accepted
 * @param audience      this node's audience ({@code audience}, default {@value #DEFAULT_AUDIENCE}):
 *                      a versioned specification for any other is refused
 */
public record Trust(List<Ed25519PublicKey> keys, boolean allowUnsigned, Optional<TrustDocument> document,
                    Optional<Boolean> allowLegacy, String audience) {

    /**
     * The audience of a node that configures none: where the built-in manager reads by default,
     * {@code <manage_bucket>/<manage_key>}.
     */
    public static final String DEFAULT_AUDIENCE = "MACHINES/machines";

    /** Nothing configured: every specification is refused. */
    public static final Trust NONE = new Trust(List.of(), false);

    /**
     * Copies the keys and checks the audience.
     *
     * @throws IllegalArgumentException when the audience could not be carried by a specification
     */
    public Trust {
        keys = List.copyOf(keys);
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(allowLegacy, "allowLegacy");
        Objects.requireNonNull(audience, "audience");
        String problem = VersionedSpecification.audienceProblem(audience);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Key trust with the default audience and legacy policy. */
    public Trust(List<Ed25519PublicKey> keys, boolean allowUnsigned) {
        this(keys, allowUnsigned, Optional.empty(), Optional.empty(), DEFAULT_AUDIENCE);
    }

    /**
     * The agent's key settings.
     *
     * @param signingKey the agent's {@code signing_key}, if set, not null
     * @param allowUnsigned the agent's {@code allow_unsigned}
     */
    public static Trust of(Optional<Ed25519PublicKey> signingKey, boolean allowUnsigned) {
        return new Trust(signingKey.stream().toList(), allowUnsigned);
    }

    /** This policy with {@code document} as the trust document the node starts from. */
    public Trust withDocument(TrustDocument document) {
        return new Trust(keys, allowUnsigned, Optional.of(document), allowLegacy, audience);
    }

    /** This policy with {@code allow_legacy} set. */
    public Trust withAllowLegacy(boolean allow) {
        return new Trust(keys, allowUnsigned, document, Optional.of(allow), audience);
    }

    /** This policy with {@code audience} as the node's audience. */
    public Trust withAudience(String audience) {
        return new Trust(keys, allowUnsigned, document, allowLegacy, audience);
    }

    /**
     * {@link #resolve(Trust, Optional, List, Optional)} for a build without a compiled-in trust
     * document.
     */
    public static Trust resolve(Trust agent, List<Ed25519PublicKey> compiledIn,
                                Optional<Ed25519PublicKey> watcherProperty) {
        return resolve(agent, Optional.empty(), compiledIn, watcherProperty);
    }

    /**
     * The precedence rule of the class documentation.
     *
     * @param agent            the agent's settings ({@link #NONE} when it offers none), not null
     * @param compiledDocument the trust document compiled into the build, not null
     * @param compiledIn       the keys compiled into the build, not null
     * @param watcherProperty  the machines watcher's {@code public_key}, not null
     */
    public static Trust resolve(Trust agent, Optional<TrustDocument> compiledDocument, List<Ed25519PublicKey> compiledIn,
                                Optional<Ed25519PublicKey> watcherProperty) {
        Objects.requireNonNull(agent, "agent");
        Trust trust = agent;
        if (agent.keys.isEmpty()) {
            List<Ed25519PublicKey> keys = !compiledIn.isEmpty() ? compiledIn : watcherProperty.stream().toList();
            trust = new Trust(keys, agent.allowUnsigned, agent.document, agent.allowLegacy, agent.audience);
        }
        return compiledDocument.map(trust::withDocument).orElse(trust);
    }

    /** The keys and threshold of the starting point: the document's, else the keys with a threshold of one. */
    public Optional<Keyring> keyring() {
        if (document.isPresent()) {
            return Optional.of(document.get().keyring());
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(new Keyring(keys, 1));
    }

    /** Whether the original's format may be accepted: {@code allow_legacy}, by default only under key trust. */
    public boolean legacyAllowed() {
        return allowLegacy.orElse(document.isEmpty());
    }

    /**
     * Decides whether an envelope in the original's format is signed by one of the {@link #keys()}:
     * the original's check, which {@link SpecificationGate} completes with the rest of the policy.
     *
     * @param specification the envelope, not null
     * @return never null
     */
    public Decision check(Specification specification) {
        Objects.requireNonNull(specification, "specification");
        if (keys.isEmpty()) {
            return allowUnsigned ? new Decision.Unchecked() : new Decision.Refused(Refusal.NO_TRUST,
                    "no trusted public key configured: the specification's signature cannot be checked; set signing_key"
                            + " or trust_file, or allow_unsigned: true to accept unsigned specifications");
        }
        Verification first = null;
        for (Ed25519PublicKey key : keys) {
            Verification verification = specification.verify(key);
            if (verification instanceof Verification.Verified verified) {
                return new Decision.Verified(verified);
            }
            first = first == null ? verification : first;
        }
        Refusal refusal = first instanceof Verification.Unsigned ? Refusal.UNSIGNED : Refusal.BAD_SIGNATURE;
        if (keys.size() > 1 && first instanceof Verification.BadSignature) {
            return new Decision.Refused(refusal, "signature does not verify using any of the " + keys.size()
                    + " trusted public keys: the payload was modified or signed with another key");
        }
        return new Decision.Refused(refusal, first.message());
    }

    /**
     * The specification's signature checked against each trusted key, in order: what
     * {@code mms verify} reports.
     *
     * @param specification the envelope, not null
     * @return one verification per key, empty when no key is trusted; never null
     */
    public List<Verification> verifications(Specification specification) {
        Objects.requireNonNull(specification, "specification");
        return keys.stream().map(specification::verify).toList();
    }

    /** What {@link #check} decided. */
    public sealed interface Decision {

        /** A lowercase sentence for logs and errors. */
        String message();

        /** Whether the specification may be acted on. */
        default boolean accepted() {
            return !(this instanceof Refused);
        }

        /**
         * Signed by a trusted key.
         *
         * @param verification the proof (for a versioned specification, its first valid signer's), not null
         */
        record Verified(Verification.Verified verification) implements Decision {
            @Override
            public String message() {
                return verification.message();
            }
        }

        /** Accepted without checking: no key is configured and {@code allow_unsigned} is set. */
        record Unchecked() implements Decision {
            @Override
            public String message() {
                return "signature not checked: no trusted public key is configured and allow_unsigned is true";
            }
        }

        /**
         * Not to be acted on.
         *
         * @param refusal which rule it broke, not null
         * @param reason  why, not null
         */
        record Refused(Refusal refusal, String reason) implements Decision {
            @Override
            public String message() {
                return reason;
            }
        }
    }
}

package mms.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which specifications a node acts on: those signed by one of the trusted public keys or, only
 * when no key is configured anywhere and the operator opted in with {@code allow_unsigned}, any
 * specification without checking. With no key and no opt-in nothing is trusted: the original
 * deploys whatever is in the bucket then, mms refuses it.
 *
 * <p>The keys come from one precedence rule ({@link #resolve}): the agent's {@code signing_key},
 * else the key compiled into the build, else the machines watcher's {@code public_key} property.
 * A configured key is always enforced; {@code allow_unsigned} never weakens it.
 *
 * @param keys the trusted keys, a signature by any one of them is enough; empty when none is
 *     configured; never null
 * @param allowUnsigned whether, with no key, specifications are accepted without checking them
 */
public record Trust(List<Ed25519PublicKey> keys, boolean allowUnsigned) {

    /** Nothing configured: every specification is refused. */
    public static final Trust NONE = new Trust(List.of(), false);

    /** Copies the keys. */
    public Trust {
        keys = List.copyOf(keys);
    }

    /**
     * The agent's own settings.
     *
     * @param signingKey the agent's {@code signing_key}, if set, not null
     * @param allowUnsigned the agent's {@code allow_unsigned}
     */
    public static Trust of(Optional<Ed25519PublicKey> signingKey, boolean allowUnsigned) {
        return new Trust(signingKey.stream().toList(), allowUnsigned);
    }

    /**
     * The precedence rule: the agent's keys when it has any, else the compiled-in key, else the
     * watcher's {@code public_key} property; {@code allow_unsigned} is the agent's.
     *
     * @param agent the agent's settings ({@link #NONE} when it offers none), not null
     * @param compiledIn the keys compiled into the build, not null
     * @param watcherProperty the machines watcher's {@code public_key}, not null
     */
    public static Trust resolve(Trust agent, List<Ed25519PublicKey> compiledIn,
                                Optional<Ed25519PublicKey> watcherProperty) {
        Objects.requireNonNull(agent, "agent");
        if (!agent.keys.isEmpty()) {
            return agent;
        }
        if (!compiledIn.isEmpty()) {
            return new Trust(compiledIn, agent.allowUnsigned);
        }
        return new Trust(watcherProperty.stream().toList(), agent.allowUnsigned);
    }

    /**
     * Decides whether {@code specification} may be acted on.
     *
     * @param specification the envelope, not null
     * @return never null
     */
    public Decision check(Specification specification) {
        Objects.requireNonNull(specification, "specification");
        if (keys.isEmpty()) {
            return allowUnsigned ? new Decision.Unchecked() : new Decision.Refused("no trusted public key configured:"
                    + " the specification's signature cannot be checked; set signing_key, or allow_unsigned: true to"
                    + " accept unsigned specifications");
        }
        Verification first = null;
        for (Ed25519PublicKey key : keys) {
            Verification verification = specification.verify(key);
            if (verification instanceof Verification.Verified verified) {
                return new Decision.Verified(verified);
            }
            first = first == null ? verification : first;
        }
        if (keys.size() > 1 && first instanceof Verification.BadSignature) {
            return new Decision.Refused("signature does not verify using any of the " + keys.size()
                    + " trusted public keys: the payload was modified or signed with another key");
        }
        return new Decision.Refused(first.message());
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
         * @param verification the proof, not null
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
         * @param reason why, not null
         */
        record Refused(String reason) implements Decision {
            @Override
            public String message() {
                return reason;
            }
        }
    }
}

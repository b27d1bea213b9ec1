package mms.spec;

/**
 * The outcome of checking a {@link Specification}'s signature against a public key. Only
 * {@link Verified} means the payload may be trusted.
 */
public sealed interface Verification {

    /** A lowercase sentence describing the outcome, for logs and errors. */
    String message();

    /** True only for {@link Verified}. */
    default boolean valid() {
        return this instanceof Verified;
    }

    /**
     * The signature is valid for the payload under {@code key}.
     *
     * @param key the key that verified it, not null
     */
    record Verified(Ed25519PublicKey key) implements Verification {
        @Override
        public String message() {
            return "signature verified using public key " + key.hex();
        }
    }

    /** The specification carries no signature at all. */
    record Unsigned() implements Verification {
        @Override
        public String message() {
            return "specification is not signed";
        }
    }

    /**
     * The signature is not hex or not 64 bytes long.
     *
     * @param problem what is wrong with it, not null
     */
    record MalformedSignature(String problem) implements Verification {
        @Override
        public String message() {
            return "invalid signature: " + problem;
        }
    }

    /**
     * The signature is well formed but does not verify: the payload was changed after signing or
     * it was signed with a different key. Ed25519 cannot tell these apart.
     *
     * @param key the key that was tried, not null
     */
    record BadSignature(Ed25519PublicKey key) implements Verification {
        @Override
        public String message() {
            return "signature does not verify using public key " + key.hex()
                    + ": the payload was modified or signed with another key";
        }
    }
}

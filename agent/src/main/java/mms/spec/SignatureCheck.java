package mms.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every signature of an {@link Envelope} checked against a {@link Keyring}: what
 * {@code mms verify} and {@code mms trust show} print, and what a node's decision rests on.
 *
 * @param signatures one entry per signature, in envelope order; never null
 * @param threshold  how many distinct keys had to sign
 */
public record SignatureCheck(List<Checked> signatures, int threshold) {

    /** Copies the list. */
    public SignatureCheck {
        signatures = List.copyOf(signatures);
    }

    /** What became of one signature. */
    public enum Status {
        /** Made by a key of the keyring over these exact bytes: it counts. */
        VALID("valid"),
        /** The key is in the keyring but the signature does not verify: the payload changed or it is forged. */
        INVALID("does not verify"),
        /** Its key is not in the keyring: never trusted, or removed from the trust document. */
        UNTRUSTED_KEY("not a trusted key"),
        /** A further valid signature by a key that already counted. */
        DUPLICATE("valid, but that key already counted");

        private final String description;

        Status(String description) {
            this.description = description;
        }

        /** Lowercase words for reports, e.g. {@code not a trusted key}. */
        public String description() {
            return description;
        }
    }

    /**
     * One signature.
     *
     * @param keyid  the key id the signature names, not null
     * @param key    that key, when the keyring has it
     * @param status what it is worth, not null
     */
    public record Checked(KeyId keyid, Optional<Ed25519PublicKey> key, Status status) {

        /** Rejects nulls. */
        public Checked {
            Objects.requireNonNull(keyid, "keyid");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(status, "status");
        }
    }

    /** How many distinct keys of the keyring signed validly. */
    public int valid() {
        return (int) signatures.stream().filter(s -> s.status() == Status.VALID).count();
    }

    /** Whether at least {@link #threshold()} distinct keys signed validly. */
    public boolean met() {
        return valid() >= threshold;
    }

    /** The keys that signed validly, in envelope order. */
    public List<Ed25519PublicKey> signers() {
        return signatures.stream().filter(s -> s.status() == Status.VALID).map(s -> s.key().orElseThrow()).toList();
    }

    /**
     * A sentence for logs: {@code 1 valid signature of the 2 required (3f2a...: valid; 9c1b...: not
     * a trusted key)}; {@code no signature, 2 required} when there is none.
     */
    public String describe() {
        if (signatures.isEmpty()) {
            return "no signature, " + threshold + " required";
        }
        int valid = valid();
        return valid + " valid " + (valid == 1 ? "signature" : "signatures") + " of the " + threshold + " required ("
                + signatures.stream().map(s -> s.keyid().abbreviated() + "...: " + s.status().description())
                        .collect(Collectors.joining("; ")) + ")";
    }
}

package mms.spec;

import java.util.Objects;
import java.util.regex.Pattern;
import mms.digest.Sha256;

/**
 * The id of an Ed25519 public key: the lowercase hex SHA-256 of its 32 raw bytes (64 characters).
 * Signatures in an {@link Envelope} name their key by it and trust documents list it beside each
 * key, so a node finds the key of a signature without trying them all, and a list of ids is
 * enough to say who signed. Anyone can compute it from the public key ({@code mms trust show}
 * prints both); it is not a secret.
 *
 * @param hex the 64 lowercase hex characters
 */
public record KeyId(String hex) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");
    /** How many characters {@link #abbreviated()} keeps: enough to tell a fleet's keys apart. */
    private static final int ABBREVIATED = 16;

    /**
     * Checks the form.
     *
     * @throws IllegalArgumentException when {@code hex} is not 64 lowercase hex characters
     */
    public KeyId {
        Objects.requireNonNull(hex, "hex");
        if (!FORM.matcher(hex).matches()) {
            throw new IllegalArgumentException("a key id is 64 lowercase hex characters, got '" + Excerpt.of(hex) + "'");
        }
    }

    /** The id of {@code key}. */
    public static KeyId of(Ed25519PublicKey key) {
        return new KeyId(Sha256.of(key.bytes()));
    }

    /** Whether {@code text} has the form of a key id. */
    public static boolean isKeyId(String text) {
        return FORM.matcher(text).matches();
    }

    /** The first 16 characters, for messages where the full id would drown the sentence. */
    public String abbreviated() {
        return hex.substring(0, ABBREVIATED);
    }

    /** The 64 hex characters. */
    @Override
    public String toString() {
        return hex;
    }
}

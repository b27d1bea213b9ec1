package mms.spec;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 public key: the 32 raw bytes, written as 64 hex characters (the {@code public_key}
 * property, {@code mms verify}, {@code plugin.choria.machine.signing_key}). Immutable and
 * thread-safe; equal when the bytes are equal.
 */
public final class Ed25519PublicKey {

    private final byte[] raw;
    private final PublicKey jdk;

    private Ed25519PublicKey(byte[] raw, PublicKey jdk) {
        this.raw = raw;
        this.jdk = jdk;
    }

    /**
     * A key from its 32 raw bytes.
     *
     * @param raw the key bytes, not null; copied
     * @throws KeyFormatException when not 32 bytes or not an encoding the JDK accepts
     */
    public static Ed25519PublicKey of(byte[] raw) throws KeyFormatException {
        Objects.requireNonNull(raw, "raw");
        if (raw.length != Ed25519.KEY_LENGTH) {
            throw new KeyFormatException("invalid public key size: " + raw.length + " bytes, expected 32");
        }
        byte[] copy = raw.clone();
        try {
            return new Ed25519PublicKey(copy, Ed25519.jdkPublic(copy));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("invalid public key " + HexFormat.of().formatHex(copy) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A key from 64 hex characters (either case; surrounding whitespace ignored).
     *
     * @param hex the key as hex, not null
     * @throws KeyFormatException when not hex or not 32 bytes
     */
    public static Ed25519PublicKey parse(String hex) throws KeyFormatException {
        Objects.requireNonNull(hex, "hex");
        return of(Ed25519.decodeHex(hex.strip(), "public key"));
    }

    /**
     * Reads a public key file: the hex text, with surrounding whitespace (such as the trailing
     * newline the original rejects) tolerated.
     *
     * @param file the file, not null
     * @throws IOException when the file cannot be read
     * @throws KeyFormatException when its content is not a public key; the message names the file
     */
    public static Ed25519PublicKey readFile(Path file) throws IOException, KeyFormatException {
        return KeyFiles.read(file, "public key", Ed25519PublicKey::parse);
    }

    /**
     * Reads a command line key argument the way {@code mms verify} does: when a file exists at
     * {@code pathOrHex} it is read as a key file, otherwise the argument itself is the hex.
     *
     * @param pathOrHex a path or hex text, not null
     * @throws IOException when an existing file cannot be read
     * @throws KeyFormatException when the key is invalid
     */
    public static Ed25519PublicKey resolve(String pathOrHex) throws IOException, KeyFormatException {
        return KeyFiles.resolve(pathOrHex, "public key", Ed25519PublicKey::parse);
    }

    /**
     * Writes the key as 64 lowercase hex characters without a newline, mode 0600, atomically
     * (temporary file in the same directory, then rename), replacing an existing file.
     *
     * @param file the destination, not null
     * @throws IOException when writing fails; no partial file is left behind
     */
    public void writeFile(Path file) throws IOException {
        KeyFiles.write(file, hex());
    }

    /**
     * Verifies an Ed25519 (RFC 8032, pure) signature.
     *
     * @param message the signed bytes, not null
     * @param signature the 64-byte signature, not null
     * @return true only when the signature is valid for the message under this key; false for
     *     signatures of the wrong length or malformed signatures
     */
    public boolean verify(byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != Ed25519.SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(jdk);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The 32 raw bytes, a fresh copy. */
    public byte[] bytes() {
        return raw.clone();
    }

    /** The key as 64 lowercase hex characters. */
    public String hex() {
        return HexFormat.of().formatHex(raw);
    }

    /** The key's id in envelopes and trust documents: the hex SHA-256 of the raw bytes. */
    public KeyId keyId() {
        return KeyId.of(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey key && Arrays.equals(raw, key.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** The lowercase hex form. */
    @Override
    public String toString() {
        return hex();
    }
}

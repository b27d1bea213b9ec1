package mms.spec;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 private key with its public key. Two text forms exist: the 64-byte "expanded" form
 * of Go's {@code ed25519.PrivateKey} (seed followed by the public key, 128 hex characters; what
 * {@code mms keys} prints and {@code mms pack} takes) and the bare 32-byte seed (64 hex
 * characters; the seed file of {@code choria jwt keys}). Both are accepted everywhere.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never reveals key material.
 */
public final class Ed25519PrivateKey {

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;
    private final PrivateKey jdk;

    private Ed25519PrivateKey(byte[] seed, Ed25519PublicKey publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
        this.jdk = Ed25519.jdkPrivate(seed);
    }

    /**
     * A new key from {@link SecureRandom#getInstanceStrong()} when available, else the default
     * SecureRandom.
     */
    public static Ed25519PrivateKey generate() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstanceStrong();
        } catch (GeneralSecurityException e) {
            random = new SecureRandom();
        }
        return generate(random);
    }

    /**
     * A new key whose seed is drawn from {@code random}.
     *
     * @param random the source of the 32 seed bytes, not null
     */
    public static Ed25519PrivateKey generate(SecureRandom random) {
        byte[] seed = new byte[Ed25519.KEY_LENGTH];
        random.nextBytes(seed);
        try {
            return new Ed25519PrivateKey(seed.clone(), derivedPublic(seed));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * A key from its 32-byte seed; the public key is derived.
     *
     * @param seed the seed, not null; copied
     * @throws KeyFormatException when not 32 bytes
     */
    public static Ed25519PrivateKey fromSeed(byte[] seed) throws KeyFormatException {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != Ed25519.KEY_LENGTH) {
            throw new KeyFormatException("invalid private key seed size: " + seed.length + " bytes, expected 32");
        }
        byte[] copy = seed.clone();
        return new Ed25519PrivateKey(copy, derivedPublic(copy));
    }

    /**
     * A key from raw bytes: a 32-byte seed, or the 64-byte seed ‖ public key form whose public
     * half must be the one derived from the seed.
     *
     * @param bytes 32 or 64 bytes, not null; copied
     * @throws KeyFormatException on any other length or when the public half does not match
     */
    public static Ed25519PrivateKey of(byte[] bytes) throws KeyFormatException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == Ed25519.KEY_LENGTH) {
            return fromSeed(bytes);
        }
        if (bytes.length != 2 * Ed25519.KEY_LENGTH) {
            throw new KeyFormatException("invalid private key size: " + bytes.length
                    + " bytes, expected 64 (seed and public key) or 32 (seed)");
        }
        byte[] seed = Arrays.copyOf(bytes, Ed25519.KEY_LENGTH);
        Ed25519PublicKey derived = derivedPublic(seed);
        byte[] given = Arrays.copyOfRange(bytes, Ed25519.KEY_LENGTH, bytes.length);
        if (!Arrays.equals(derived.bytes(), given)) {
            throw new KeyFormatException("invalid private key: its public half "
                    + HexFormat.of().formatHex(given) + " does not belong to its seed, expected " + derived.hex());
        }
        return new Ed25519PrivateKey(seed, derived);
    }

    /**
     * A key from hex: 128 characters (expanded form) or 64 characters (seed); either case,
     * surrounding whitespace ignored.
     *
     * @param hex the key as hex, not null
     * @throws KeyFormatException when not hex, of another length, or inconsistent
     */
    public static Ed25519PrivateKey parse(String hex) throws KeyFormatException {
        Objects.requireNonNull(hex, "hex");
        return of(Ed25519.decodeHex(hex.strip(), "private key"));
    }

    /**
     * Reads a private key file holding either hex form (see {@link #parse}); a trailing newline is
     * tolerated.
     *
     * @param file the file, not null
     * @throws IOException when the file cannot be read
     * @throws KeyFormatException when the content is not a private key; the message names the file
     */
    public static Ed25519PrivateKey readFile(Path file) throws IOException, KeyFormatException {
        return KeyFiles.read(file, KeyFiles.PRIVATE_KEY, Ed25519PrivateKey::parse);
    }

    /**
     * Reads a command line key argument: when a file exists at {@code pathOrHex} it is read as a
     * key file, otherwise the argument itself is the hex.
     *
     * @param pathOrHex a path or hex text, not null
     * @throws IOException when an existing file cannot be read
     * @throws KeyFormatException when the key is invalid
     */
    public static Ed25519PrivateKey resolve(String pathOrHex) throws IOException, KeyFormatException {
        return KeyFiles.resolve(pathOrHex, KeyFiles.PRIVATE_KEY, Ed25519PrivateKey::parse);
    }

    /**
     * Writes the key as its 128 lowercase hex character expanded form, no newline, mode 0600,
     * atomically (temporary file in the same directory, then rename), replacing an existing file.
     *
     * @param file the destination, not null
     * @throws IOException when writing fails; no partial file is left behind
     */
    public void writeFile(Path file) throws IOException {
        KeyFiles.write(file, hex());
    }

    /**
     * Writes only the seed as 64 lowercase hex characters, no newline, mode 0600, atomically: the
     * seed file format of {@code choria jwt keys} and {@code choria machine plugins pack}.
     *
     * @param file the destination, not null
     * @throws IOException when writing fails; no partial file is left behind
     */
    public void writeSeedFile(Path file) throws IOException {
        KeyFiles.write(file, HexFormat.of().formatHex(seed));
    }

    /**
     * Signs {@code message} (Ed25519, RFC 8032, pure; deterministic).
     *
     * @param message the bytes to sign, not null
     * @return the 64-byte signature
     */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdk);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ed25519 signing failed", e);
        }
    }

    /** The matching public key. */
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The 32-byte seed, a fresh copy. */
    public byte[] seed() {
        return seed.clone();
    }

    /** The 64-byte expanded form (seed ‖ public key), a fresh copy. */
    public byte[] bytes() {
        byte[] out = Arrays.copyOf(seed, 2 * Ed25519.KEY_LENGTH);
        System.arraycopy(publicKey.bytes(), 0, out, Ed25519.KEY_LENGTH, Ed25519.KEY_LENGTH);
        return out;
    }

    /** The expanded form as 128 lowercase hex characters, as {@code mms keys} prints it. */
    public String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PrivateKey key && Arrays.equals(seed, key.seed);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    /** Names the public key only, never the private material. */
    @Override
    public String toString() {
        return "ed25519 private key for " + publicKey.hex();
    }

    private static Ed25519PublicKey derivedPublic(byte[] seed) {
        try {
            return Ed25519PublicKey.of(Ed25519.publicFromSeed(seed));
        } catch (KeyFormatException e) {
            throw new IllegalStateException("the jdk derived an unusable public key", e);
        }
    }
}

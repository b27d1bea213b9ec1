package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fixed keys and ready-made documents for tests: keys from constant seeds, so that key ids and
 * messages are the same in every run.
 */
public final class Signers {
    public static final Ed25519PrivateKey K1 = key(1);
    public static final Ed25519PrivateKey K2 = key(2);
    public static final Ed25519PrivateKey K3 = key(3);
    public static final Ed25519PrivateKey K4 = key(4);
    public static final Ed25519PrivateKey STRANGER = key(99);
    public static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    public static final String MACHINES = "[{\"name\":\"web\",\"source\":\"https://example.net/web-1.0.0.tgz\","
            + "\"verify_checksum\":\"" + "b".repeat(64) + "\",\"checksum\":\"" + "a".repeat(64) + "\"}]";

    private Signers() {}

    /** A key whose seed is 32 bytes of {@code n}. */
    public static Ed25519PrivateKey key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        try {
            return Ed25519PrivateKey.fromSeed(seed);
        } catch (KeyFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public keys of {@code keys}. */
    public static List<Ed25519PublicKey> publics(Ed25519PrivateKey... keys) {
        return Arrays.stream(keys).map(Ed25519PrivateKey::publicKey).toList();
    }

    /** Trust document {@code version} listing {@code keys} with {@code threshold}, signed by {@code signers}. */
    public static TrustDocument trust(long version, int threshold, List<Ed25519PublicKey> keys,
                                      Ed25519PrivateKey... signers) {
        TrustDocument document = TrustDocument.create(version, ISSUED, new Keyring(keys, threshold));
        for (Ed25519PrivateKey signer : signers) {
            document = document.signedBy(signer);
        }
        return document;
    }

    /** A versioned specification of {@code machines} signed by {@code signers}. */
    public static VersionedSpecification spec(long serial, Optional<Instant> expires, String audience, String machines,
                                              Ed25519PrivateKey... signers) {
        try {
            VersionedSpecification spec = VersionedSpecification.create(machines.getBytes(UTF_8),
                    new VersionedSpecification.Header(serial, ISSUED, expires, audience));
            for (Ed25519PrivateKey signer : signers) {
                spec = spec.signedBy(signer);
            }
            return spec;
        } catch (SpecificationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #spec} of {@link #MACHINES} for the default audience, without expiry. */
    public static VersionedSpecification spec(long serial, Ed25519PrivateKey... signers) {
        return spec(serial, Optional.empty(), Trust.DEFAULT_AUDIENCE, MACHINES, signers);
    }

    /** The original's format of {@link #MACHINES}, signed by {@code signer}. */
    public static Specification original(Ed25519PrivateKey signer) {
        return Specification.pack(MACHINES.getBytes(UTF_8), Optional.of(signer));
    }
}

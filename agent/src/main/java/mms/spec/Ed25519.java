package mms.spec;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** JDK plumbing shared by the key classes: raw bytes to and from JDK key objects, hex. Files are in {@link KeyFiles}. */
final class Ed25519 {

    static final int KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw key follows. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {}

    static PrivateKey jdkPrivate(byte[] seed) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the jdk cannot build an ed25519 private key", e);
        }
    }

    static PublicKey jdkPublic(byte[] raw) throws GeneralSecurityException {
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, KEY_LENGTH);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    static byte[] rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalStateException("unexpected ed25519 public key encoding from the jdk");
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    /**
     * The public key of a seed. The JDK has no public API for this, but its key pair generator
     * draws exactly the 32 seed bytes from the SecureRandom it is given and derives the public
     * point from them (RFC 8032 §5.1.5); feeding it the seed gives the pair. The generated private
     * key is compared with the seed so a JDK that draws differently fails loudly instead of
     * producing a wrong key.
     */
    static byte[] publicFromSeed(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            var pair = generator.generateKeyPair();
            byte[] drawn = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            if (!Arrays.equals(drawn, seed)) {
                throw new IllegalStateException("the jdk ed25519 generator did not use the given seed");
            }
            return rawPublic(pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the jdk cannot derive an ed25519 public key", e);
        }
    }

    static byte[] decodeHex(String text, String what) throws KeyFormatException {
        if (text.length() % 2 != 0) {
            throw new KeyFormatException(what + " is not valid hex: odd length " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new KeyFormatException(what + " is not valid hex: invalid character at offset " + i);
            }
        }
        return HexFormat.of().parseHex(text);
    }

    /** A SecureRandom that yields the seed once; see {@link #publicFromSeed}. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        SeedRandom(byte[] seed) {
            super(new SeedSpi(seed), null);
        }
    }

    private static final class SeedSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedSpi(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {}

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected draw of " + bytes.length + " random bytes");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }

        @Override
        protected byte[] engineGenerateSeed(int length) {
            throw new IllegalStateException("unexpected seed generation");
        }
    }
}

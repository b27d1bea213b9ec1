package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519KeysTest {

    @TempDir
    Path dir;

    @Test
    void derivesTheSeedVectorPublicKeyFromItsSeed() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.parse(SeedVector.SEED);
        assertThat(key.publicKey().hex()).isEqualTo(SeedVector.PUBLIC);
        assertThat(key.hex()).isEqualTo(SeedVector.PRIVATE);
    }

    @Test
    void parsesTheExpandedFormInEitherCase() throws Exception {
        Ed25519PrivateKey lower = Ed25519PrivateKey.parse(SeedVector.PRIVATE);
        Ed25519PrivateKey upper = Ed25519PrivateKey.parse(SeedVector.PRIVATE.toUpperCase() + "\n");
        assertThat(lower).isEqualTo(upper);
        assertThat(lower.publicKey()).isEqualTo(Ed25519PublicKey.parse(SeedVector.PUBLIC.toUpperCase()));
        assertThat(lower.bytes()).hasSize(64);
        assertThat(lower.seed()).hasSize(32);
    }

    @Test
    void rejectsAnExpandedKeyWhosePublicHalfDoesNotMatchItsSeed() {
        String other = Ed25519PrivateKey.generate(new SecureRandom()).publicKey().hex();
        assertThatThrownBy(() -> Ed25519PrivateKey.parse(SeedVector.SEED + other))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("does not belong to its seed")
                .hasMessageContaining(SeedVector.PUBLIC);
    }

    @Test
    void rejectsWrongLengthsNamingTheLength() {
        assertThatThrownBy(() -> Ed25519PrivateKey.parse("abcd"))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("invalid private key size: 2 bytes, expected 64 (seed and public key) or 32 (seed)");
        assertThatThrownBy(() -> Ed25519PublicKey.parse(SeedVector.PRIVATE))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("invalid public key size: 64 bytes, expected 32");
        assertThatThrownBy(() -> Ed25519PrivateKey.fromSeed(new byte[31]))
                .hasMessage("invalid private key seed size: 31 bytes, expected 32");
    }

    @Test
    void rejectsBadHexNamingTheProblem() {
        assertThatThrownBy(() -> Ed25519PublicKey.parse(SeedVector.PUBLIC.substring(1)))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("public key is not valid hex: odd length 63");
        assertThatThrownBy(() -> Ed25519PrivateKey.parse("zz" + SeedVector.SEED.substring(2)))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("private key is not valid hex: invalid character at offset 0");
    }

    @Test
    void generatedKeysSignAndVerify() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(message);
        assertThat(signature).hasSize(64);
        assertThat(key.publicKey().verify(message, signature)).isTrue();
        assertThat(key.publicKey().verify("hellO".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(key.publicKey().verify(message, new byte[3])).isFalse();
        assertThat(Ed25519PrivateKey.generate().publicKey().verify(message, signature)).isFalse();
    }

    @Test
    void generatedKeysRoundTripThroughTheirExpandedHex() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        assertThat(key.hex()).matches("[0-9a-f]{128}").endsWith(key.publicKey().hex());
        assertThat(Ed25519PrivateKey.parse(key.hex())).isEqualTo(key);
    }

    @Test
    void toStringNeverShowsPrivateMaterial() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.parse(SeedVector.PRIVATE);
        assertThat(key.toString()).doesNotContain(SeedVector.SEED).contains(SeedVector.PUBLIC);
    }

    @Test
    void writesKeyFilesWithMode0600AndReadsThemBack() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.parse(SeedVector.PRIVATE);
        Path priv = dir.resolve("key");
        Path seed = dir.resolve("seed");
        Path pub = dir.resolve("key.pub");
        key.writeFile(priv);
        key.writeSeedFile(seed);
        key.publicKey().writeFile(pub);

        assertThat(Files.readString(priv)).isEqualTo(SeedVector.PRIVATE);
        assertThat(Files.readString(seed)).isEqualTo(SeedVector.SEED);
        assertThat(Files.readString(pub)).isEqualTo(SeedVector.PUBLIC);
        for (Path p : new Path[] {priv, seed, pub}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        }
        assertThat(Ed25519PrivateKey.readFile(priv)).isEqualTo(key);
        assertThat(Ed25519PrivateKey.readFile(seed)).isEqualTo(key);
        assertThat(Ed25519PublicKey.readFile(pub)).isEqualTo(key.publicKey());
        try (var listing = Files.list(dir)) {
            assertThat(listing).hasSize(3);
        }
    }

    @Test
    void overwritesAnExistingKeyFile() throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "old contents that are longer than a key would be ".repeat(5));
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        key.writeFile(file);
        assertThat(Ed25519PrivateKey.readFile(file)).isEqualTo(key);
    }

    @Test
    void toleratesATrailingNewlineInKeyFiles() throws Exception {
        Path pub = dir.resolve("pub");
        Files.writeString(pub, SeedVector.PUBLIC + "\n");
        assertThat(Ed25519PublicKey.readFile(pub).hex()).isEqualTo(SeedVector.PUBLIC);
    }

    @Test
    void keyFileErrorsNameTheFile() throws Exception {
        Path bad = dir.resolve("bad");
        Files.writeString(bad, "0011");
        assertThatThrownBy(() -> Ed25519PublicKey.readFile(bad))
                .hasMessage("public key file " + bad + ": invalid public key size: 2 bytes, expected 32");
    }

    @Test
    void resolvesAFileOrHexArgument() throws Exception {
        Path pub = dir.resolve("pub");
        Files.writeString(pub, SeedVector.PUBLIC);
        assertThat(Ed25519PublicKey.resolve(pub.toString()).hex()).isEqualTo(SeedVector.PUBLIC);
        assertThat(Ed25519PublicKey.resolve(SeedVector.PUBLIC).hex()).isEqualTo(SeedVector.PUBLIC);
        Path priv = dir.resolve("priv");
        Files.writeString(priv, SeedVector.SEED);
        assertThat(Ed25519PrivateKey.resolve(priv.toString()).hex()).isEqualTo(SeedVector.PRIVATE);
        assertThat(Ed25519PrivateKey.resolve(SeedVector.PRIVATE).hex()).isEqualTo(SeedVector.PRIVATE);
    }
}

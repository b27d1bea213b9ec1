package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Signers;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The offline multi-signer workflow on the command line: {@code mms trust} makes and rotates trust
 * documents, {@code mms pack --serial} packs, {@code mms sign} adds each signature,
 * {@code mms verify} reports what a node would decide.
 */
class SignedSpecificationCommandsTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Map<String, String> NO_SETTINGS = Map.of("MMS_IDENTITY", "n", "MMS_CONFIG", "");

    @TempDir
    Path dir;
    Path machines;
    Path trust;

    /** Pins the clocks of pack, verify and the trust commands to {@link #NOW}, with no settings from the host. */
    static Consumer<CommandLine> at(Instant now) {
        return cli -> cli.getSubcommands().values().forEach(sub -> {
            pin(sub, now);
            sub.getSubcommands().values().forEach(s -> pin(s, now));
        });
    }

    private static void pin(CommandLine cli, Instant now) {
        InstantSource clock = InstantSource.fixed(now);
        switch (cli.getCommand()) {
            case PackCommand p -> {
                p.clock = clock;
                p.environment = NO_SETTINGS;
            }
            case VerifyCommand v -> {
                v.clock = clock;
                v.environment = NO_SETTINGS;
            }
            case TrustInitCommand t -> t.version.clock = clock;
            case TrustAddKeyCommand t -> t.version.clock = clock;
            case TrustRemoveKeyCommand t -> t.version.clock = clock;
            case TrustRotateCommand t -> t.version.clock = clock;
            case TrustShowCommand t -> t.environment = NO_SETTINGS;
            default -> { }
        }
    }

    static CliRun mms(String... args) {
        return CliRun.run(at(NOW), args);
    }

    static CliRun mmsAt(Instant now, String... args) {
        return CliRun.run(at(now), args);
    }

    Path keyFile(String name, Ed25519PrivateKey key) throws Exception {
        Path file = dir.resolve(name);
        key.writeFile(file);
        key.publicKey().writeFile(dir.resolve(name.replace(".key", ".pub")));
        return file;
    }

    String pub(String name) {
        return dir.resolve(name + ".pub").toString();
    }

    String key(String name) {
        return dir.resolve(name + ".key").toString();
    }

    @BeforeEach
    void setUp() throws Exception {
        keyFile("k1.key", Signers.K1);
        keyFile("k2.key", Signers.K2);
        keyFile("k3.key", Signers.K3);
        keyFile("k4.key", Signers.K4);
        machines = Files.writeString(dir.resolve("machines.json"), Signers.MACHINES);
        trust = dir.resolve("trust.json");
        CliRun init = mms("trust", "init", "--key", pub("k1"), "--key", pub("k2"), "--key", pub("k3"),
                "--threshold", "2", "--sign", key("k1"), "--sign", key("k2"), "--out", trust.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
    }

    @Test
    void trustInitWritesAVersionOneTheSignersCompleteAndShowConfirms() throws Exception {
        CliRun unsigned = mms("trust", "init", "--key", pub("k1"), "--key", pub("k2"), "--threshold", "2");

        assertThat(unsigned.exitCode()).isZero();
        TrustDocument document = TrustDocument.parse(unsigned.out().strip());
        assertThat(document.version()).isEqualTo(1);
        assertThat(document.issued()).isEqualTo(NOW);
        assertThat(unsigned.err()).contains("trust document version 1: 2 of 2 keys must sign",
                "needs 2 more signatures of its own keys (0 of 2)",
                "next: each signer runs mms sign FILE --key KEY; mms trust show FILE says when it is complete");

        CliRun shown = mms("trust", "show", trust.toString());
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).contains("  version    1\n", "  threshold  2 of 3 keys\n",
                "  key        " + Signers.K3.publicKey().keyId() + "  " + Signers.K3.publicKey().hex() + "\n",
                "  signature  " + Signers.K1.publicKey().keyId().abbreviated() + "...  valid (public key "
                        + Signers.K1.publicKey().hex() + ")\n",
                "self-signed: 2 of the 2 required signatures of its own keys\n");
        assertThat(mms("trust", "init", "--key", pub("k1")).err())
                .contains("--threshold is required: how many of the keys must sign");
    }

    @Test
    void packSignVerifyOfAVersionedSpecification() throws Exception {
        CliRun pack = mms("pack", machines.toString(), key("k1"), "--serial", "7", "--expires", "30d",
                "--audience", "production");
        assertThat(pack.exitCode()).as(pack.err()).isZero();
        assertThat(pack.err()).isEqualTo("packed serial 7 for audience production, issued 2026-03-01T12:00:00Z,"
                + " expires 2026-03-31T12:00:00Z\n");
        Path spec = Files.writeString(dir.resolve("spec.json"), pack.out());

        CliRun once = mms("verify", spec.toString(), "--trust-file", trust.toString(), "--audience", "production");
        assertThat(once.exitCode()).isEqualTo(1);
        assertThat(once.out()).endsWith("refused: 1 valid of the 2 required signatures\n");

        CliRun sign = mms("sign", spec.toString(), "--key", key("k3"));
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(sign.out()).startsWith("specification serial 7 for audience production, issued"
                + " 2026-03-01T12:00:00Z, expires 2026-03-31T12:00:00Z\nmachines: web\npayload sha-256: ")
                .endsWith(spec + ": 2 signatures\n");

        CliRun verified = mms("verify", spec.toString(), "--trust-file", trust.toString(), "--audience", "production");
        assertThat(verified.exitCode()).as(verified.out()).isZero();
        assertThat(verified.out()).isEqualTo("specification " + spec + "\n"
                + "  serial     7\n"
                + "  issued     2026-03-01T12:00:00Z\n"
                + "  expires    2026-03-31T12:00:00Z (in 30d)\n"
                + "  audience   production (this node's)\n"
                + "  machines   web\n"
                + "  payload    sha-256 " + VersionedSpecification.parse(Files.readString(spec)).payloadDigest() + "\n"
                + "  trust      trust document version 1: 2 of 3 keys must sign\n"
                + "  signature  " + Signers.K1.publicKey().keyId().abbreviated() + "...  valid (public key "
                + Signers.K1.publicKey().hex() + ")\n"
                + "  signature  " + Signers.K3.publicKey().keyId().abbreviated() + "...  valid (public key "
                + Signers.K3.publicKey().hex() + ")\n"
                + "valid: signed by 2 of the 2 required keys, not expired, for this node's audience\n");
    }

    @Test
    void verifyNamesEveryReasonANodeWouldRefuse() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"),
                mms("pack", machines.toString(), key("k1"), "--serial", "7", "--expires", "1d").out());
        mms("sign", spec.toString(), "--key", key("k4"));

        CliRun r = mmsAt(NOW.plus(Duration.ofDays(2)), "verify", spec.toString(), "--trust-file",
                trust.toString(), "--audience", "staging");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("  expires    2026-03-02T12:00:00Z (expired 1d ago)\n",
                "  audience   MACHINES/machines (not this node's: staging)\n",
                "  signature  " + Signers.K4.publicKey().keyId().abbreviated() + "...  not a trusted key\n")
                .endsWith("refused: 1 valid of the 2 required signatures; expired; for audience MACHINES/machines, not"
                        + " staging\n");
    }

    @Test
    void verifyShowsTheEntriesANodeWouldSkipAndAcceptsTheRest() throws Exception {
        String good = Files.readString(machines).strip();
        String withBad = good.substring(0, good.length() - 1) + ",{\"name\":\"mm_x\"}]";
        Path spec = Files.writeString(dir.resolve("spec.json"), Signers.spec(1, Optional.empty(), "production",
                withBad, Signers.K1, Signers.K2).toJson());

        CliRun r = mms("verify", spec.toString(), "--trust-file", trust.toString(), "--audience", "production");

        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("  machines   web\n", "  machines   skipped, left as it is: machine 1 'mm_x': name:"
                + " 'mm_x' is refused: names beginning with 'mm_' collide").endsWith("for this node's audience\n");
    }

    @Test
    void packWithoutAKeyLeavesTheSignaturesToMmsSign() throws Exception {
        CliRun pack = mms("pack", machines.toString(), "--serial", "1");

        assertThat(pack.exitCode()).isZero();
        assertThat(pack.err()).startsWith("warning: no ed25519 private key given: the specification has no signature"
                + " yet, add them with mms sign\n");
        VersionedSpecification spec = VersionedSpecification.parse(pack.out().strip());
        assertThat(spec.envelope().signatures()).isEmpty();
        assertThat(spec.header().audience()).isEqualTo("MACHINES/machines");
        assertThat(spec.header().expires()).isEmpty();
    }

    @Test
    void packRefusesVersionOptionsWithoutASerialAndBadTimes() {
        assertThat(mms("pack", machines.toString(), key("k1"), "--audience", "production").err())
                .isEqualTo("mms: --expires and --audience belong to a versioned specification: give --serial too\n");
        CliRun badExpiry = mms("pack", machines.toString(), key("k1"), "--serial", "1", "--expires", "soon");
        assertThat(badExpiry.exitCode()).isEqualTo(2);
        assertThat(badExpiry.err()).startsWith("mms: --expires 'soon' is neither a duration such as 30d or 12h nor an"
                + " RFC 3339 time such as 2026-06-01T00:00:00Z: ");
        assertThat(mms("pack", machines.toString(), key("k1"), "--serial", "1", "--expires", "2026-01-01T00:00:00Z")
                .err()).isEqualTo("mms: --expires '2026-01-01T00:00:00Z' is not in the future (2026-01-01T00:00:00Z)\n");
        assertThat(mms("pack", machines.toString(), key("k1"), "--serial", "0").err())
                .isEqualTo("mms: serial 0 is not between 1 and 9007199254740991\n");
        assertThat(mms("pack", machines.toString(), key("k1"), "--serial", "1", "--verify-with", pub("k2")).err())
                .startsWith("mms: the specification is not signed by the public key given with --verify-with");
    }

    @Test
    void signRefusesTheOriginalsFormatAndInvalidMachines() throws Exception {
        Path original = Files.writeString(dir.resolve("original.json"), mms("pack", machines.toString(), key("k1")).out());
        assertThat(mms("sign", original.toString(), "--key", key("k2")).err()).isEqualTo("mms: " + original + " is not a"
                + " versioned specification or a trust document: the original's format carries its one signature from"
                + " mms pack (pack with --serial for a versioned one)\n");

        Path invalid = Files.writeString(dir.resolve("invalid.json"), Signers.spec(1, Optional.empty(),
                "a", "[{\"name\":\"../x\"}]").toJson());
        CliRun r = mms("sign", invalid.toString(), "--key", key("k2"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("mms: " + invalid + ": invalid machines: machine 0 '../x'");
        assertThat(VersionedSpecification.parse(Files.readString(invalid)).envelope().signatures()).isEmpty();
    }

    @Test
    void aRotationIsWrittenSignedByOldAndNewKeysAndShownComplete() throws Exception {
        Path v2 = dir.resolve("trust-v2.json");
        CliRun rotate = mms("trust", "rotate", trust.toString(), Signers.K1.publicKey().keyId().hex(), pub("k4"),
                "--out", v2.toString());
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(rotate.out()).contains("trust document version 2: 2 of 3 keys must sign",
                "needs 2 more signatures of the keys of version 1 (0 of 2)",
                "next: each signer runs mms sign " + v2 + " --key KEY; mms trust show " + v2 + " --previous OLD");

        mms("sign", v2.toString(), "--key", key("k4"), "--key", key("k2"));
        CliRun half = mms("trust", "show", v2.toString(), "--previous", trust.toString());
        assertThat(half.exitCode()).isEqualTo(1);
        assertThat(half.out()).contains("self-signed: 2 of the 2 required signatures of its own keys",
                "not a valid rotation of " + trust + ": trust document version 2 is not signed by a threshold of the"
                        + " trusted keys of version 1: 1 valid signature of the 2 required");

        mms("sign", v2.toString(), "--key", key("k1"));
        CliRun complete = mms("trust", "show", v2.toString(), "--previous", trust.toString());
        assertThat(complete.exitCode()).as(complete.out()).isZero();
        assertThat(complete.out()).endsWith("a valid rotation of version 1 (" + trust + "): nodes trusting it adopt this"
                + " one\n");
        assertThat(TrustDocument.parse(Files.readString(v2)).keyring().keys())
                .containsExactly(Signers.K4.publicKey(), Signers.K2.publicKey(), Signers.K3.publicKey());
    }

    @Test
    void addAndRemoveKeysKeepTheThresholdWithinTheKeys() throws Exception {
        CliRun added = mms("trust", "add-key", trust.toString(), pub("k4"), "--threshold", "3");
        assertThat(added.exitCode()).as(added.err()).isZero();
        TrustDocument v2 = TrustDocument.parse(added.out().strip());
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.keyring().threshold()).isEqualTo(3);
        assertThat(v2.keyring().keys()).hasSize(4);
        assertThat(mms("trust", "add-key", trust.toString(), pub("k1")).err())
                .isEqualTo("mms: key " + Signers.K1.publicKey().keyId() + " is already in version 1 of " + trust + "\n");

        CliRun removed = mms("trust", "remove-key", trust.toString(), pub("k3"));
        assertThat(TrustDocument.parse(removed.out().strip()).keyring().keys())
                .containsExactly(Signers.K1.publicKey(), Signers.K2.publicKey());
        assertThat(mms("trust", "remove-key", trust.toString(), pub("k3"), pub("k2")).err())
                .isEqualTo("mms: threshold 2 is not between 1 and the number of keys, 1: pass --threshold\n");
        assertThat(mms("trust", "remove-key", trust.toString(), pub("k4")).err())
                .isEqualTo("mms: key " + Signers.K4.publicKey().keyId() + " is not in version 1 of " + trust + "\n");
    }

    @Test
    void showWithoutADocumentTellsWhatThisNodeTrusts() throws Exception {
        CliRun r = CliRun.withEnvironment(Map.of("MMS_IDENTITY", "n", "MMS_TRUST_FILE", trust.toString(),
                "MMS_AUDIENCE", "production", "MMS_MACHINES", dir.resolve("machines").toString()), "trust", "show");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("this node trusts trust document version 1: 2 of 3 keys must sign\n")
                .contains("  audience   production\n", "  original format refused\n");
        CliRun keyed = CliRun.withEnvironment(Map.of("MMS_IDENTITY", "n", "MMS_SIGNING_KEY", pub("k1")), "trust", "show");
        assertThat(keyed.out()).startsWith("this node trusts public key " + Signers.K1.publicKey().hex() + ": 1 of 1 key"
                + " must sign\n").contains("  original format accepted (until a versioned specification was applied)\n");
    }

    @Test
    void theSeedExampleStillVerifiesTheOriginalsWay() throws Exception {
        Path seed = Files.writeString(dir.resolve("seed.json"), SpecCommandsTest.ENVELOPE);

        CliRun r = mms("verify", seed.toString(), SpecCommandsTest.PUBLIC);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Data file " + seed + " is signed using " + SpecCommandsTest.PUBLIC + "\n");
        assertThat(new String(Files.readAllBytes(seed), StandardCharsets.UTF_8)).isEqualTo(SpecCommandsTest.ENVELOPE);
    }
}

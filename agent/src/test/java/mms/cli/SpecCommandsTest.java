package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Ed25519PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mms keys}, {@code mms pack} and {@code mms verify} against the original's published example. */
class SpecCommandsTest {
    static final String PUBLIC = "64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da";
    static final String PRIVATE = "d8bd4d6392af154e996a18a4ccd5f51931d8e861d42966a677d85fbb598b66d3" + PUBLIC;
    static final String MACHINES_BASE64 = "WwogewogICAibmFtZSI6ICJmYWN0cyIsCiAgICAgInNvdXJjZSI6ICJodHRwczovL215LmV4YW1wbGUubmV0L21ldGFkYXRhL21ldGFkYXRhLW1hY2hpbmUtMS4wLjAudGd6IiwKICAgICAidmVyaWZ5IjogIlNIQTI1NlNVTVMiLAogICAgICJ2ZXJpZnlfY2hlY2tzdW0iOiAiMWU4NTcxOWM2OTU5ZWIwZjJjOGYyMTY2ZTMwYWU5NTJjY2FlZjJjMjg2ZjMxODY4ZWExZDMxMWQzNzM4YTMzOSIsCiAgICAgImNoZWNrc3VtIjogImYxMWVhMjAwNWRlOTdiZjMwOWJhZmFjNDZlNzdjMDE5MjUzMDdhMjY2NzVmNDRmMzg4ZDQ1MDJkMmI5ZDAwYmYiLAogICAgICJtYXRjaCI6ICJoYXNfY29tbWFuZCgnZmFjdGVyJykiCiB9Cl0K";
    static final String SIGNATURE = "f06d4a1cfe9ac79d26b5e6646fdfa9d845a5506c9a2fe0a71fb8416f6f7edd253a1eb46363c12ca5f6148b19ab1ed9a5f25c89b09b3360a09b7d054bf4b55204";
    static final String ENVELOPE = "{\"machines\":\"" + MACHINES_BASE64 + "\",\"signature\":\"" + SIGNATURE + "\"}";

    @TempDir
    Path dir;

    Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    Path seedMachines() throws Exception {
        Path p = dir.resolve("machines.json");
        Files.write(p, Base64.getDecoder().decode(MACHINES_BASE64));
        return p;
    }

    // --- keys

    @Test
    void keysPrintsANewPairInTheOriginalsLayout() throws Exception {
        CliRun r = CliRun.run("keys");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches(" Public Key: [0-9a-f]{64}\nPrivate Key: [0-9a-f]{128}\n");
        String[] lines = r.out().split("\n");
        Ed25519PrivateKey key = Ed25519PrivateKey.parse(lines[1].substring(13));
        assertThat(key.publicKey().hex()).isEqualTo(lines[0].substring(13));
    }

    @Test
    void keysWritesKeyFilesWithMode0600AndKeepsTheSecretOffTheScreen() throws Exception {
        Path priv = dir.resolve("signer.key");
        Path pub = dir.resolve("signer.pub");

        CliRun r = CliRun.run("keys", "--private-file", priv.toString(), "--public-file", pub.toString());

        assertThat(r.exitCode()).isZero();
        Ed25519PrivateKey key = Ed25519PrivateKey.readFile(priv);
        assertThat(Ed25519PublicKey.readFile(pub)).isEqualTo(key.publicKey());
        assertThat(r.out()).startsWith(" Public Key: " + key.publicKey().hex() + "\n").doesNotContain(key.hex());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub))).isEqualTo("rw-------");

        CliRun again = CliRun.run("keys", "--private-file", priv.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("private key file " + priv + " exists, use --force to overwrite it");
        assertThat(Ed25519PrivateKey.readFile(priv)).isEqualTo(key);
    }

    // --- pack

    @Test
    void packOfTheSeedPayloadWithTheSeedKeyReproducesTheSeedEnvelope() throws Exception {
        CliRun r = CliRun.run("pack", seedMachines().toString(), PRIVATE);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(ENVELOPE + "\n");
        assertThat(r.err()).doesNotContain("error");
    }

    @Test
    void packReadsTheKeyFromTheEnvironmentOrAKeyFile() throws Exception {
        Path machines = seedMachines();
        assertThat(CliRun.withEnvironment(Map.of("KEY", PRIVATE), "pack", machines.toString()).out()).isEqualTo(ENVELOPE + "\n");
        Path keyFile = write("key", PRIVATE + "\n");
        assertThat(CliRun.run("pack", machines.toString(), keyFile.toString()).out()).isEqualTo(ENVELOPE + "\n");
    }

    @Test
    void packWithoutAKeyWarnsAndLeavesTheSignatureOut() throws Exception {
        CliRun r = CliRun.withEnvironment(Map.of(), "pack", seedMachines().toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("{\"machines\":\"" + MACHINES_BASE64 + "\"}\n");
        assertThat(r.err()).contains("warning: no ed25519 private key given, encoding without signing");
        assertThat(CliRun.withEnvironment(Map.of(), "pack", "--force", seedMachines().toString()).err()).isEmpty();
    }

    @Test
    void packRefusesAnInvalidSpecificationNamingEntryAndField() throws Exception {
        Path bad = write("bad.json", """
                [{"name": "../etc", "source": "https://x.example/a.tgz", "checksum": "abc",
                  "verify_checksum": "1e85719c6959eb0f2c8f2166e30ae952ccaef2c286f31868ea1d311d3738a339"}]""");

        CliRun r = CliRun.run("pack", bad.toString(), PRIVATE);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: machine 0 '../etc': name: '../etc' is not a safe machine name")
                .contains("error: machine 0 '../etc': checksum: 'abc' is not a sha256 digest")
                .contains("mms: invalid machines specification " + bad + ": 2 errors, nothing packed")
                .doesNotContain(PRIVATE);
    }

    @Test
    void packNeedsForceForAnEmptyList() throws Exception {
        Path empty = write("empty.json", "[]");

        CliRun r = CliRun.run("pack", empty.toString(), PRIVATE);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("lists no machines").contains("use --force");

        CliRun forced = CliRun.run("pack", "--force", empty.toString(), PRIVATE);
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.out()).startsWith("{\"machines\":\"W10=\",\"signature\":\"");
    }

    @Test
    void packVerifiesTheResultWithTheFleetsPublicKey() throws Exception {
        Path pub = write("signer.pub", PUBLIC + "\n");

        CliRun hex = CliRun.run("pack", "--verify-with", PUBLIC, seedMachines().toString(), PRIVATE);
        CliRun file = CliRun.run("pack", "--verify-with", pub.toString(), seedMachines().toString(), PRIVATE);

        assertThat(hex.exitCode()).isZero();
        assertThat(hex.out()).isEqualTo(ENVELOPE + "\n");
        assertThat(file.out()).isEqualTo(ENVELOPE + "\n");
    }

    @Test
    void packWithTheWrongKeyFailsAndPrintsNothing() throws Exception {
        String otherPublic = mms.spec.Ed25519PrivateKey.generate().publicKey().hex();

        CliRun wrong = CliRun.run("pack", "--verify-with", otherPublic, seedMachines().toString(), PRIVATE);
        CliRun unsigned = CliRun.withEnvironment(Map.of(), "pack", "--verify-with", PUBLIC, seedMachines().toString());

        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).isEmpty();
        assertThat(wrong.err()).contains("mms: the private key does not belong to the public key given with"
                + " --verify-with: nodes trusting " + otherPublic + " would refuse it, nothing printed");
        assertThat(unsigned.exitCode()).isEqualTo(1);
        assertThat(unsigned.out()).isEmpty();
        assertThat(unsigned.err()).contains("mms: the specification is not signed (no private key given): nodes"
                + " trusting " + PUBLIC + " would refuse it, nothing printed");
        assertThat(CliRun.run("pack", "--verify-with", "abcd", seedMachines().toString(), PRIVATE).exitCode()).isEqualTo(1);
    }

    @Test
    void packReportsMissingFilesAndBadKeysLikeTheOriginal() throws Exception {
        assertThat(CliRun.run("pack", dir.resolve("nope.json").toString()).err())
                .contains("mms: path '" + dir.resolve("nope.json") + "' does not exist");
        assertThat(CliRun.run("pack", dir.toString()).err()).contains("mms: '" + dir + "' is a directory");
        CliRun badKey = CliRun.run("pack", seedMachines().toString(), "abcd");
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err()).contains("private key").doesNotContain("stack");
    }

    // --- verify

    @Test
    void verifyAcceptsTheSeedEnvelopeWithTheSeedPublicKey() throws Exception {
        Path spec = write("spec.json", ENVELOPE + "\n");

        CliRun r = CliRun.run("verify", spec.toString(), PUBLIC);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Data file " + spec + " is signed using " + PUBLIC + "\n");
    }

    @Test
    void verifyTakesTheKeyFromAFileOrTheAgentSetting() throws Exception {
        Path spec = write("spec.json", ENVELOPE);
        Path pub = write("key.pub", PUBLIC.toUpperCase() + "\n");

        assertThat(CliRun.run("verify", spec.toString(), pub.toString()).exitCode()).isZero();
        assertThat(CliRun.withEnvironment(Map.of("MMS_SIGNING_KEY", PUBLIC), "verify", spec.toString()).exitCode()).isZero();
        CliRun none = CliRun.withEnvironment(Map.of(), "verify", spec.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("mms: no public key given: pass PUBKEY, or set trust_file or signing_key"
                + " (MMS_TRUST_FILE, MMS_SIGNING_KEY, --config)");
        Path config = write("agent.yaml", "signing_key: " + pub + "\n");
        assertThat(CliRun.withEnvironment(Map.of("MMS_CONFIG", config.toString()), "verify", spec.toString()).exitCode())
                .isZero();
    }

    @Test
    void verifyRejectsATamperedUnsignedOrForeignSpecification() throws Exception {
        String tamperedPayload = new String(Base64.getDecoder().decode(MACHINES_BASE64), StandardCharsets.UTF_8).replace("facts", "fakes");
        Path tampered = write("tampered.json", "{\"machines\":\"" + Base64.getEncoder().encodeToString(
                tamperedPayload.getBytes(StandardCharsets.UTF_8)) + "\",\"signature\":\"" + SIGNATURE + "\"}");
        Path unsigned = write("unsigned.json", "{\"machines\":\"" + MACHINES_BASE64 + "\"}");
        Path spec = write("spec.json", ENVELOPE);
        String other = Ed25519PrivateKey.generate().publicKey().hex();

        for (var c : new Object[][] {{tampered, PUBLIC}, {unsigned, PUBLIC}, {spec, other}}) {
            CliRun r = CliRun.run("verify", c[0].toString(), (String) c[1]);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEqualTo("Data " + c[0] + " does not have a valid signature for key " + c[1] + "\n");
        }
    }

    @Test
    void verifyReadsTheSpecificationFromStandardInput() {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        ((VerifyCommand) cli.getSubcommands().get("verify").getCommand()).stdin =
                new ByteArrayInputStream(ENVELOPE.getBytes(StandardCharsets.UTF_8));

        int code = cli.execute("verify", "-", PUBLIC);

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("Data file - is signed using " + PUBLIC + "\n");
    }

    @Test
    void verifyReportsAMissingKeyFileAsMissingNotAsBadHex() throws Exception {
        Path spec = write("spec.json", ENVELOPE);
        Path missing = dir.resolve("no-such/signer.pub");

        CliRun r = CliRun.run("verify", spec.toString(), missing.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(missing + ": no such file, and not a hex key either").doesNotContain("hex:");
    }

    @Test
    void verifyReportsMalformedInput() throws Exception {
        Path badSig = write("badsig.json", "{\"machines\":\"" + MACHINES_BASE64 + "\",\"signature\":\"zz\"}");
        Path badJson = write("bad.json", "{\"machines\":\"!!\"}");

        CliRun sig = CliRun.run("verify", badSig.toString(), PUBLIC);
        assertThat(sig.exitCode()).isEqualTo(1);
        assertThat(sig.err()).contains("mms: invalid signature: ");
        CliRun json = CliRun.run("verify", badJson.toString(), PUBLIC);
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.err()).contains("machines is not valid base64");
        CliRun key = CliRun.run("verify", badJson.toString(), "abcd");
        assertThat(key.exitCode()).isEqualTo(1);
    }
}

package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import mms.spec.PluginsVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mms plugins add|rm|pack|verify|matcher}, against the original's outputs and the test vector. */
class PluginsCommandsTest {
    static final String SUM_A = "3fc3563724a5cf3af22d6d0e2d66ea4ada30cf0d8d3ce39c8eeb95a3d62a1e0a";
    static final String SUM_B = "00150be3114dc782204c4de9c8db129586de5026806492d8f8ffd2653dcca04d";

    @TempDir
    Path dir;
    Path pluginsJson;
    Path key;

    @BeforeEach
    void vector() throws Exception {
        pluginsJson = Files.write(dir.resolve("plugins.json"), PluginsVector.bytes("plugins.json"));
        key = Files.write(dir.resolve("key.hex"), PluginsVector.bytes("test-signing-key.hex"));
    }

    String manifest() throws Exception {
        return Files.readString(pluginsJson);
    }

    @Test
    void packPrintsTheOriginalsEnvelopeByteForByte() {
        CliRun r = CliRun.run("plugins", "pack", pluginsJson.toString(), key.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(PluginsVector.envelope() + "\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void packWritesTheOutputFilePrivatelyWithoutANewlineAndNeverOverwritesWithoutForce() throws Exception {
        Path out = dir.resolve("plugins.envelope");

        assertThat(CliRun.run("plugins", "pack", pluginsJson.toString(), key.toString(), "--output", out.toString())
                .exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo(PluginsVector.envelope());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");

        CliRun again = CliRun.run("plugins", "pack", pluginsJson.toString(), key.toString(), "--output", out.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("mms: output file " + out + " exists, use --force to overwrite\n");
    }

    @Test
    void packWarnsWhenItHasNoKeyAndRefusesAnEmptyListWithoutForce() throws Exception {
        CliRun unsigned = CliRun.run("plugins", "pack", pluginsJson.toString());
        assertThat(unsigned.err()).isEqualTo("warning: no ed25519 private key given, encoding without signing\n");
        assertThat(unsigned.out()).startsWith("{\"plugins\":\"").doesNotContain("signature");

        Files.writeString(pluginsJson, "[]");
        CliRun empty = CliRun.run("plugins", "pack", pluginsJson.toString(), key.toString());
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("no plugins listed in specification").contains("use --force");
        assertThat(CliRun.run("plugins", "pack", pluginsJson.toString(), key.toString(), "--force").exitCode()).isZero();
    }

    @Test
    void packListsEveryProblemAndPacksNothing() throws Exception {
        Files.writeString(pluginsJson, "[{\"name\":\"../x\",\"source\":\"https://h/x.tgz\",\"checksum\":\"1\"}]");

        CliRun r = CliRun.run("plugins", "pack", pluginsJson.toString(), key.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: ").contains("name").contains("checksum").contains("verify_checksum")
                .contains("nothing packed");
    }

    @Test
    void verifyAcceptsTheVectorWithItsPublicKey() throws Exception {
        Path envelope = Files.writeString(dir.resolve("spec.json"), PluginsVector.envelope());

        CliRun r = CliRun.run("plugins", "verify", envelope.toString(), PluginsVector.PUBLIC);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Data file " + envelope + " is signed using " + PluginsVector.PUBLIC + "\n");
    }

    @Test
    void verifyFailsForAnotherKeyWithTheOriginalsLines() throws Exception {
        Path envelope = Files.writeString(dir.resolve("spec.json"), PluginsVector.envelope());
        String other = "64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da";

        CliRun r = CliRun.run("plugins", "verify", envelope.toString(), other);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Data " + envelope + " does not have a valid signature for key " + other + "\n");
        assertThat(r.err()).isEqualTo("mms: verification failed\n");
    }

    @Test
    void addCreatesTheManifestAsTheOriginalWritesItMovingCredentialsOutOfTheUrl() throws Exception {
        Files.delete(pluginsJson);

        CliRun r = CliRun.run("plugins", "add", "facts", "https://bob:s3cret@repo.example.net/facts-1.0.0.tgz", SUM_A,
                SUM_B, "--manifest", pluginsJson.toString(), "--matcher", "has_command('facter')");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Adding plugin facts\nUse mms plugins pack to sign the " + pluginsJson
                + " manifest\n");
        assertThat(manifest()).isEqualTo("""
                [
                  {
                    "name": "facts",
                    "source": "https://repo.example.net/facts-1.0.0.tgz",
                    "username": "bob",
                    "password": "s3cret",
                    "verify_checksum": "%s",
                    "checksum": "%s",
                    "match": "has_command('facter')"
                  }
                ]""".formatted(SUM_B, SUM_A));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pluginsJson))).isEqualTo("rw-------");
    }

    @Test
    void addUpdatesTheEntryOfThatNameAndKeepsWhatItWasNotToldToChange() throws Exception {
        CliRun r = CliRun.run("plugins", "add", "hello", "https://repo.example.net/hello-2.0.0.tgz", SUM_B, SUM_A,
                "--manifest", pluginsJson.toString(), "--governor", "PLUGINS");

        assertThat(r.out()).startsWith("Updating plugin hello\n");
        assertThat(manifest()).isEqualTo("""
                [
                  {
                    "name": "hello",
                    "source": "https://repo.example.net/hello-2.0.0.tgz",
                    "verify_checksum": "%s",
                    "checksum": "%s",
                    "governor": "PLUGINS"
                  }
                ]""".formatted(SUM_A, SUM_B));
    }

    @Test
    void addWritesNothingThatPackWouldRefuse() throws Exception {
        String before = manifest();

        CliRun r = CliRun.run("plugins", "add", "bad/name", "https://repo.example.net/x.tgz", SUM_A, SUM_B,
                "--manifest", pluginsJson.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nothing written");
        assertThat(manifest()).isEqualTo(before);
    }

    @Test
    void rmRemovesThePluginOrSaysThereIsNone() throws Exception {
        CliRun missing = CliRun.run("plugins", "rm", "nope", "--manifest", pluginsJson.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("mms: no plugin named nope found in " + pluginsJson + "\n");

        CliRun r = CliRun.run("plugins", "rm", "hello", "--manifest", pluginsJson.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Removing plugin hello\nUse mms plugins pack to sign the " + pluginsJson
                + " manifest\n");
        assertThat(manifest()).isEqualTo("[]");
    }

    @Test
    void matcherPrintsTheOriginalsLinesWithGetFact() throws Exception {
        Path facts = Files.writeString(dir.resolve("facts.json"), "{\"os\":{\"family\":\"debian\"}}");

        CliRun yes = CliRun.withEnvironment(Map.of(), "plugins", "matcher",
                "get_fact('os.family') == 'debian' && identity('^web')", "--identity", "web1", "--facts", facts.toString());
        CliRun no = CliRun.withEnvironment(Map.of(), "plugins", "matcher", "identity('^db')", "--identity", "web1");

        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).isEqualTo("Matched plugin matcher: get_fact('os.family') == 'debian' && identity('^web')\n");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.out()).isEqualTo("Failed to match plugin matcher: identity('^db')\n");
    }

    @Test
    void eachVerifyPointsAtTheOtherForTheOtherEnvelope() throws Exception {
        Path plugins = Files.writeString(dir.resolve("plugins.envelope"), PluginsVector.envelope());
        Path machines = Files.writeString(dir.resolve("machines.envelope"),
                "{\"machines\":\"W10=\"}");

        assertThat(CliRun.run("verify", plugins.toString(), PluginsVector.PUBLIC).err()).isEqualTo("mms: " + plugins
                + " is a plugins specification: check it with mms plugins verify " + plugins + " PUBKEY\n");
        assertThat(CliRun.run("plugins", "verify", machines.toString(), PluginsVector.PUBLIC).err()).isEqualTo("mms: "
                + machines + " is a machines specification: check it with mms verify " + machines + " "
                + PluginsVector.PUBLIC + "\n");
    }
}

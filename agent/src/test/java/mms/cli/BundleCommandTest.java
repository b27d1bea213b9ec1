package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import mms.digest.Sha256;
import mms.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {

    static final String MACHINE = """
            name: webapp
            version: 1.2.3
            initial_state: missing
            transitions:
              - {name: installed, from: [missing], destination: present}
            watchers:
              - name: app
                type: archive
                success_transition: installed
                properties:
                  source: https://repo.example.net/app.tar.gz
                  checksum: %s
                  creates: app
                  target: apps
            """.formatted("ab".repeat(32));

    @TempDir
    Path root;
    Path machine;

    @BeforeEach
    void machineDirectory() throws Exception {
        machine = Files.createDirectories(root.resolve("webapp"));
        Files.writeString(machine.resolve("machine.yaml"), MACHINE);
        Files.createDirectories(machine.resolve("bin"));
        Files.writeString(machine.resolve("bin/check.sh"), "#!/bin/sh\nexit 0\n");
    }

    @Test
    void printsAParsableMachinesJsonEntryAndBuildsTheSameArchiveTwice() throws Exception {
        CliRun first = CliRun.run("bundle", machine.toString(), "--out", root.resolve("out1").toString(),
                "--source-base", "https://repo.example.net/machines/");
        CliRun second = CliRun.run("bundle", machine.toString(), "--out", root.resolve("out2").toString(),
                "--source-base", "https://repo.example.net/machines");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out().lines()).hasSize(1);
        JsonNode entry = Json.mapper().readTree(first.out());
        assertThat(entry.fieldNames()).toIterable().containsExactly("name", "source", "checksum", "verify_checksum");
        assertThat(entry.get("name").asText()).isEqualTo("webapp");
        assertThat(entry.get("source").asText()).isEqualTo("https://repo.example.net/machines/webapp-1.2.3.tar.gz");
        Path archive = root.resolve("out1/webapp-1.2.3.tar.gz");
        assertThat(entry.get("checksum").asText()).isEqualTo(Sha256.ofFile(archive));
        assertThat(entry.get("verify_checksum").asText()).isEqualTo(Sha256.ofFile(machine.resolve("SHA256SUMS")));
        assertThat(first.err()).contains("wrote " + archive);
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(Files.readAllBytes(root.resolve("out2/webapp-1.2.3.tar.gz"))).isEqualTo(Files.readAllBytes(archive));
    }

    @Test
    void nameAndVersionOverrideMachineYaml() throws Exception {
        CliRun run = CliRun.run("bundle", machine.toString(), "--out", root.resolve("out").toString(),
                "--name", "shop", "--version", "2024.1", "--source-base", "https://r/m");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode entry = Json.mapper().readTree(run.out());
        assertThat(entry.get("name").asText()).isEqualTo("shop");
        assertThat(entry.get("source").asText()).isEqualTo("https://r/m/shop-2024.1.tar.gz");
        assertThat(root.resolve("out/shop-2024.1.tar.gz")).exists();
    }

    @Test
    void defaultsTheSourceToAFileUrlOfTheOutputDirectory() throws Exception {
        CliRun run = CliRun.run("bundle", machine.toString(), "--out", root.resolve("out").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.mapper().readTree(run.out()).get("source").asText())
                .isEqualTo(root.resolve("out/webapp-1.2.3.tar.gz").toUri().toString());
    }

    @Test
    void refusesAnInvalidMachineListingEveryError() throws Exception {
        Files.writeString(machine.resolve("machine.yaml"), MACHINE.replace("type: archive", "type: archive\n    interval: 1s")
                .replace("checksum: " + "ab".repeat(32), "checksum: nope"));

        CliRun run = CliRun.run("bundle", machine.toString(), "--out", root.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: ").contains("interval of archive watcher 'app': 1s is too small")
                .contains("not bundling");
        assertThat(root.resolve("out")).doesNotExist();
        assertThat(machine.resolve("SHA256SUMS")).doesNotExist();
    }

    @Test
    void refusesAnOutputDirectoryInsideTheMachine() {
        CliRun run = CliRun.run("bundle", machine.toString(), "--out", machine.resolve("dist").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("must not be inside the machine directory");
    }

    @Test
    void refusesADirectoryWithoutMachineYaml() {
        CliRun run = CliRun.run("bundle", root.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("mms: cannot bundle " + root + ": no machine.yaml in it");
    }

    @Test
    void publishNeedsAnObjectStoreSourceAndAStoreWithOneAndWritesNothingWithout() {
        CliRun httpBase = CliRun.run("bundle", machine.toString(), "--out", root.resolve("out").toString(),
                "--source-base", "https://repo.example.net/machines", "--publish");
        CliRun sqlite = CliRun.run("bundle", machine.toString(), "--out", root.resolve("out").toString(),
                "--source-base", "nats-os://machines/fleet", "--publish", "--store", "sqlite:" + root.resolve("kv.db"));

        assertThat(httpBase.exitCode()).isEqualTo(2);
        assertThat(httpBase.err()).isEqualTo("mms: --publish uploads to a NATS object store: give --source-base"
                + " nats-os://BUCKET[/PATH]\n");
        assertThat(sqlite.exitCode()).isEqualTo(1);
        assertThat(sqlite.err()).isEqualTo("mms: object storage needs a NATS store (--store nats://...), the store is"
                + " sqlite:" + root.resolve("kv.db") + "\n");
        assertThat(root.resolve("out")).doesNotExist();
        assertThat(root.resolve("kv.db")).doesNotExist();
    }
}

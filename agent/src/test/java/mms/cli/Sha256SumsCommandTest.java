package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import mms.digest.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256SumsCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("machine.yaml"), "name: x\n");
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/run.sh"), "#!/bin/sh\n");
    }

    @Test
    void writesTheChoriaFormatAndPrintsItsDigest() throws Exception {
        CliRun run = CliRun.run("sha256sums", dir.toString());
        CliRun again = CliRun.run("sha256sums", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path sums = dir.resolve("SHA256SUMS");
        assertThat(sums).hasContent(Sha256.ofFile(dir.resolve("bin/run.sh")) + "  bin/run.sh\n"
                + Sha256.ofFile(dir.resolve("machine.yaml")) + "  machine.yaml\n");
        assertThat(run.out()).isEqualTo(Sha256.ofFile(sums) + "\n");
        assertThat(run.err()).contains("listing 2 files");
        assertThat(again.out()).as("SHA256SUMS does not list itself").isEqualTo(run.out());
    }

    @Test
    void checkPassesThenListsEveryFailure() throws Exception {
        CliRun.run("sha256sums", dir.toString());
        assertThat(CliRun.run("sha256sums", "--check", dir.toString()).exitCode()).isZero();

        Files.writeString(dir.resolve("bin/run.sh"), "changed");
        Files.delete(dir.resolve("machine.yaml"));
        CliRun run = CliRun.run("sha256sums", "--check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("failed: 'bin/run.sh': sha-256 mismatch").contains("failed: 'machine.yaml': missing");
        assertThat(run.err()).contains("did not validate using SHA256SUMS: 2 of 2 files failed");
    }

    @Test
    void strictAlsoFailsOnUnlistedFiles() throws Exception {
        CliRun.run("sha256sums", dir.toString());
        Files.writeString(dir.resolve("extra"), "x");

        assertThat(CliRun.run("sha256sums", "--check", dir.toString()).exitCode()).isZero();
        CliRun strict = CliRun.run("sha256sums", "--check", "--strict", dir.toString());
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out()).contains("failed: 'extra': not listed in the checksums file");
        assertThat(CliRun.run("sha256sums", "--strict", dir.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void checkWithoutAChecksumsFileFails() {
        CliRun run = CliRun.run("sha256sums", "--check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("SHA256SUMS does not exist");
    }
}

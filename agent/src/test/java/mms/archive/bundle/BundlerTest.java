package mms.archive.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mms.archive.ArchiveDeployer;
import mms.archive.ArchiveException;
import mms.archive.ArchiveLimits;
import mms.archive.ContentCheck;
import mms.archive.Downloader;
import mms.archive.Installer;
import mms.archive.source.FileSource;
import mms.digest.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundlerTest {

    @TempDir
    Path root;
    private Path machine;

    @BeforeEach
    void machineDirectory() throws Exception {
        machine = Files.createDirectories(root.resolve("src/my-machine"));
        Files.writeString(machine.resolve("machine.yaml"), "name: webapp\nversion: 1.2.3\ninitial_state: x\n");
        Files.createDirectories(machine.resolve("bin"));
        Files.writeString(machine.resolve("bin/check.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(machine.resolve("bin/check.sh"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(machine.resolve("a.txt"), "a");
        Files.createDirectories(machine.resolve("a"));
        Files.writeString(machine.resolve("a/ü-" + "n".repeat(120)), "long non-ascii name");
        Files.createDirectories(machine.resolve("empty"));
    }

    @Test
    void buildsAReproducibleArchiveAndItsMachinesJsonFields() throws Exception {
        MachineBundle first = Bundler.bundle(machine, root.resolve("out"), "https://repo.example.net/m/");
        byte[] bytes = Files.readAllBytes(first.archive());
        Files.setLastModifiedTime(machine.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        MachineBundle second = Bundler.bundle(machine, root.resolve("out2"), "https://repo.example.net/m");

        assertThat(Files.readAllBytes(second.archive())).isEqualTo(bytes);
        assertThat(first.archive()).isEqualTo(root.resolve("out/webapp-1.2.3.tar.gz"));
        assertThat(first.name()).isEqualTo("webapp");
        assertThat(first.version()).isEqualTo("1.2.3");
        assertThat(first.source()).isEqualTo("https://repo.example.net/m/webapp-1.2.3.tar.gz");
        assertThat(second.source()).isEqualTo(first.source());
        assertThat(first.checksum()).isEqualTo(Sha256.of(bytes));
        assertThat(first.verifyChecksum()).isEqualTo(Sha256.ofFile(machine.resolve("SHA256SUMS")));
        assertThat(first.machinesJsonEntry().toString()).isEqualTo("{\"name\":\"webapp\",\"source\":\""
                + first.source() + "\",\"checksum\":\"" + first.checksum() + "\",\"verify_checksum\":\""
                + first.verifyChecksum() + "\"}");
        assertThat(bytes[4] | bytes[5] | bytes[6] | bytes[7]).as("gzip mtime").isZero();
        assertThat(bytes[9] & 0xff).as("gzip os").isEqualTo(255);
    }

    @Test
    void writesNormalisedEntriesInWalkOrderUnderTheMachineName() throws Exception {
        MachineBundle bundle = Bundler.bundle(machine, root.resolve("out"), "file:///srv");
        List<String> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(bundle.archive());
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                entries.add(e.getName() + " " + Integer.toOctalString(e.getMode()) + " " + e.getUserName() + "|"
                        + e.getGroupName() + " " + e.getLongUserId() + " " + e.getModTime().getTime());
            }
        }
        assertThat(entries).containsExactly(
                "webapp/ 755 | 0 0",
                "webapp/SHA256SUMS 644 | 0 0",
                "webapp/a/ 755 | 0 0",
                "webapp/a/ü-" + "n".repeat(120) + " 644 | 0 0",
                "webapp/a.txt 644 | 0 0",
                "webapp/bin/ 755 | 0 0",
                "webapp/bin/check.sh 755 | 0 0",
                "webapp/empty/ 755 | 0 0",
                "webapp/machine.yaml 644 | 0 0");
        assertThat(Files.readString(machine.resolve("SHA256SUMS"))).isEqualTo(
                mms.archive.Sha256Sums.generate(machine, java.util.Set.of("SHA256SUMS")));
    }

    @Test
    void roundTripsThroughTheArchiveWatcherLibrary() throws Exception {
        MachineBundle bundle = Bundler.bundle(machine, root.resolve("out"), "file:///srv");
        Installer installer = new Installer(root.resolve("machines"), bundle.name());
        new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS.withStrict(true))
                .deploy(new FileSource(bundle.archive()), bundle.checksum(),
                        Optional.of(new ContentCheck(Bundler.SUMS_FILE, bundle.verifyChecksum())));
        assertThat(root.resolve("machines/webapp/bin/check.sh")).hasContent("#!/bin/sh\nexit 0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("machines/webapp/bin/check.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(installer.verifyInstalled(Bundler.SUMS_FILE, bundle.verifyChecksum(), true).ok()).isTrue();
    }

    @Test
    void refusesWhatTheArchiveWatcherWouldRefuse() throws Exception {
        Path out = root.resolve("out");
        Files.createSymbolicLink(machine.resolve("link"), machine.resolve("a.txt"));
        assertThatThrownBy(() -> Bundler.bundle(machine, out, "x"))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("cannot bundle 'link': symbolic links are refused by the archive watcher");
        Files.delete(machine.resolve("link"));
        Files.writeString(machine.resolve("x"), "one character");
        assertThatThrownBy(() -> Bundler.bundle(machine, out, "x"))
                .hasMessage("cannot bundle 'x': one-character top-level names cannot be listed in SHA256SUMS");
        Files.delete(machine.resolve("x"));
        assertThatThrownBy(() -> Bundler.bundle(machine, machine.resolve("out"), "x"))
                .hasMessageContaining("must not be inside the machine directory");
        assertThat(out).doesNotExist();
    }

    @Test
    void requiresMachineYamlWithNameAndVersion() throws Exception {
        Path out = root.resolve("out");
        Files.writeString(machine.resolve("machine.yaml"), "name: webapp\n");
        assertThatThrownBy(() -> Bundler.bundle(machine, out, "x")).hasMessageEndingWith("has no 'version'");
        Files.writeString(machine.resolve("machine.yaml"), "name: ../evil\nversion: 1\n");
        assertThatThrownBy(() -> Bundler.bundle(machine, out, "x")).hasMessageContaining("cannot be a directory name");
        Files.writeString(machine.resolve("machine.yaml"), "name: ok\nversion: 1/2\n");
        assertThatThrownBy(() -> Bundler.bundle(machine, out, "x")).hasMessageContaining("version '1/2'");
        Files.delete(machine.resolve("machine.yaml"));
        assertThatThrownBy(() -> Bundler.bundle(machine, out, "x")).hasMessageEndingWith("has no machine.yaml");
    }
}

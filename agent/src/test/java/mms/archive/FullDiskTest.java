package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import mms.archive.source.FileSource;
import mms.digest.Sha256;
import mms.files.SmallDisk;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs onto a real 8 MiB tmpfs that runs out of space while the archive downloads or while it
 * is extracted: the check fails saying so, the installed version stays and keeps verifying, the
 * work area is left empty, and the same install succeeds once the space is back.
 */
class FullDiskTest {

    private static final String SUMS = Sha256.of("one".getBytes(StandardCharsets.UTF_8)) + "  data.txt\n";

    @TempDir
    Path outside;
    private SmallDisk disk;
    private Path target;
    private Installer installer;

    @BeforeEach
    void installOnASmallDisk() throws Exception {
        disk = SmallDisk.mount(Files.createDirectory(outside.resolve("disk")), "8m");
        target = Files.createDirectory(disk.root().resolve("machines"));
        installer = new Installer(target, "app");
        deploy(TarWriter.posix().dir("app/").file("app/data.txt", "one").file("app/SHA256SUMS", SUMS).tgz());
    }

    @AfterEach
    void unmount() throws Exception {
        disk.close();
    }

    private void deploy(byte[] tgz) throws Exception {
        Path file = Files.write(Files.createTempFile(outside, "archive", ".tgz"), tgz);
        new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS)
                .deploy(new FileSource(file), Sha256.of(tgz), Optional.empty());
    }

    private static byte[] archiveWith(byte[] content) {
        TarArchiveEntry big = new TarArchiveEntry("app/big");
        big.setSize(content.length);
        return TarWriter.posix().dir("app/").file("app/data.txt", "two").put(big, content).tgz();
    }

    @Test
    void aDownloadThatFillsTheDiskFailsAndTheNextOneSucceeds() throws Exception {
        byte[] noise = new byte[2 << 20];
        new Random(7).nextBytes(noise); // does not compress: the download itself needs 2 MiB
        byte[] tgz = archiveWith(noise);
        disk.leaveFree(1 << 20);

        assertFailsKeepingTheInstalledVersion(tgz, "failed: cannot write ");

        disk.free();
        deploy(tgz);
        assertThat(target.resolve("app/data.txt")).hasContent("two");
        assertThat(workArea()).containsExactly("previous");
    }

    @Test
    void anExtractionThatFillsTheDiskFailsAndTheNextOneSucceeds() throws Exception {
        byte[] tgz = archiveWith(new byte[3 << 20]); // a few KiB to download, 3 MiB to extract
        disk.leaveFree(1 << 20);

        assertFailsKeepingTheInstalledVersion(tgz, "cannot extract entry 'app/big' to ");

        disk.free();
        deploy(tgz);
        assertThat(target.resolve("app/big")).hasSize(3 << 20);
    }

    private void assertFailsKeepingTheInstalledVersion(byte[] tgz, String expected) throws Exception {
        List<Path> before = everything();
        assertThatThrownBy(() -> deploy(tgz))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining(expected)
                .hasMessageEndingWith(": No space left on device");
        assertThat(everything()).as("nothing added or removed").isEqualTo(before);
        assertThat(workArea()).as("no work directory left").isEmpty();
        assertThat(installer.verifyInstalled("SHA256SUMS", Sha256.of(SUMS.getBytes(StandardCharsets.UTF_8)), true).ok())
                .isTrue();
    }

    private List<Path> everything() throws IOException {
        try (Stream<Path> all = Files.walk(disk.root())) {
            return all.filter(p -> !SmallDisk.isFiller(p)).sorted().toList();
        }
    }

    private List<String> workArea() throws IOException {
        try (Stream<Path> all = Files.list(installer.workDirectory())) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

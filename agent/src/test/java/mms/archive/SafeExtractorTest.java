package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeExtractorTest {

    @TempDir
    Path dir;

    private Path archive(byte[] tgz) throws Exception {
        Path file = Files.createTempFile(dir, "a", ".tgz");
        Files.write(file, tgz);
        return file;
    }

    private Path staging() throws Exception {
        return Files.createDirectories(dir.resolve("staging"));
    }

    private byte[] commonsTar(int longFileMode, String... files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            tar.setLongFileMode(longFileMode);
            for (String name : files) {
                byte[] content = name.getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return Tars.gzip(bytes.toByteArray());
    }

    @Test
    void extractsUstarAndCreatesMissingParents() throws Exception {
        byte[] tgz = Tars.tar().file("app/machine.yaml", "name: app").file("app/deep/er/x.sh", 0755,
                "echo".getBytes()).tgz();
        ExtractedTree tree = SafeExtractor.extract(archive(tgz), staging(), "app", ArchiveLimits.DEFAULTS);
        assertThat(tree.root()).isEqualTo(dir.resolve("staging/app"));
        assertThat(tree.entries()).isEqualTo(2);
        assertThat(tree.bytes()).isEqualTo(13);
        assertThat(Files.readString(tree.root().resolve("deep/er/x.sh"))).isEqualTo("echo");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.root().resolve("deep"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.root().resolve("deep/er/x.sh"))))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void extractsGnuAndPaxLongNames() throws Exception {
        String longName = "app/" + "d".repeat(120) + "/" + "f".repeat(120) + ".txt";
        for (int mode : new int[] {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX}) {
            Path staging = Files.createTempDirectory(dir, "s");
            ExtractedTree tree = SafeExtractor.extract(archive(commonsTar(mode, longName, "app/ü.txt")),
                    staging, "app", ArchiveLimits.DEFAULTS);
            assertThat(Files.readString(staging.resolve(longName))).isEqualTo(longName);
            assertThat(Files.readString(tree.root().resolve("ü.txt"))).isEqualTo("app/ü.txt");
        }
    }

    @Test
    void acceptsPaxGlobalHeadersLikeGitArchiveWrites() throws Exception {
        byte[] record = "52 comment=4b825dc642cb6eb9a060e54bf8d69288fbee4904\n".getBytes(StandardCharsets.UTF_8);
        byte[] tgz = Tars.tar().entry("pax_global_header", 'g', 0666, record.length, "", record)
                .dir("app/").file("app/a.txt", "a").tgz();
        ExtractedTree tree = SafeExtractor.extract(archive(tgz), staging(), "app", ArchiveLimits.DEFAULTS);
        assertThat(tree.root().resolve("a.txt")).hasContent("a");
        assertThat(tree.entries()).isEqualTo(2);
    }

    @Test
    void acceptsDotPrefixesDoubleSlashesAndDotsInsideNames() throws Exception {
        byte[] tgz = Tars.tar().dir("./").dir("./app/").file("./app//v1..2/notes", "n")
                .entry("app/legacy-dir/", '\0', 0755, 0, "", new byte[0])
                .entry("app/legacy-file", '\0', 0644, 1, "", "l".getBytes()).tgz();
        ExtractedTree tree = SafeExtractor.extract(archive(tgz), staging(), "app", ArchiveLimits.DEFAULTS);
        assertThat(tree.root().resolve("v1..2/notes")).hasContent("n");
        assertThat(tree.root().resolve("legacy-dir")).isDirectory();
        assertThat(tree.root().resolve("legacy-file")).hasContent("l");
    }

    @Test
    void stripsSetuidSetgidStickyAndWorldWritableBitsButKeepsOwnerAccess() throws Exception {
        byte[] tgz = Tars.tar().entry("app/", '5', 01777, 0, "", new byte[0])
                .file("app/suid", 04777, "x".getBytes()).file("app/sgid", 02775, "x".getBytes())
                .file("app/none", 0, "x".getBytes()).entry("app/locked/", '5', 0, 0, "", new byte[0])
                .file("app/locked/inner", 0644, "x".getBytes()).tgz();
        ExtractedTree tree = SafeExtractor.extract(archive(tgz), staging(), "app", ArchiveLimits.DEFAULTS);
        assertThat(mode(tree.root())).isEqualTo("rwxrwxr-x");
        assertThat(mode(tree.root().resolve("suid"))).isEqualTo("rwxrwxr-x");
        assertThat(mode(tree.root().resolve("sgid"))).isEqualTo("rwxrwxr-x");
        assertThat(mode(tree.root().resolve("none"))).isEqualTo("r--------");
        assertThat(mode(tree.root().resolve("locked"))).isEqualTo("rwx------");
        assertThat(tree.root().resolve("locked/inner")).hasContent("x");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void refusesAFileListedTwiceInsteadOfLettingTheLastCopyWin() throws Exception {
        byte[] tgz = Tars.tar().file("app/a", "first").file("app/a", "second").tgz();
        Path staging = staging();
        assertThatThrownBy(() -> SafeExtractor.extract(archive(tgz), staging, "app", ArchiveLimits.DEFAULTS))
                .hasMessage("refusing archive entry 'app/a': it appears twice in the archive, which copy is meant is ambiguous");
        assertThat(staging).isEmptyDirectory();
    }

    @Test
    void refusesAnExistingTreeInTheDestination() throws Exception {
        Files.createDirectories(dir.resolve("staging/app"));
        byte[] tgz = Tars.tar().file("app/a", "x").tgz();
        assertThatThrownBy(() -> SafeExtractor.extract(archive(tgz), dir.resolve("staging"), "app",
                ArchiveLimits.DEFAULTS)).hasMessageContaining("app already exists");
    }

    @Test
    void removesThePartialTreeOnFailure() throws Exception {
        byte[] tgz = Tars.tar().file("app/a", "x").file("app/../evil", "x").tgz();
        Path staging = staging();
        assertThatThrownBy(() -> SafeExtractor.extract(archive(tgz), staging, "app", ArchiveLimits.DEFAULTS))
                .isInstanceOf(UnsafeEntryException.class)
                .hasMessage("refusing archive entry 'app/../evil': '..' path segments are not allowed");
        assertThat(staging).isEmptyDirectory();
    }
}

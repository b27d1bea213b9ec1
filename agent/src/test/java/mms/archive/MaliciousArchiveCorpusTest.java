package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import mms.archive.source.FileSource;
import mms.digest.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every archive here is refused with a reason naming the problem; nothing lands outside the staging
 * area, the staging area is cleaned and the installed version stays exactly as it was.
 */
class MaliciousArchiveCorpusTest {

    private static final String SUMS_OK = sha("content") + "  data.txt\n" + sha("name: app\n") + "  machine.yaml\n";

    @TempDir
    Path root;
    private Path target;
    private Installer installer;
    private String installedSums;

    /** One corpus entry: archive bytes, limits, content check and the expected message fragment. */
    record Case(String title, byte[] tgz, ArchiveLimits limits, Optional<ContentCheck> verify, String expected,
                Optional<String> checksum) {
        Case(String title, byte[] tgz, String expected) {
            this(title, tgz, ArchiveLimits.DEFAULTS, Optional.empty(), expected, Optional.empty());
        }

        Case limits(ArchiveLimits value) {
            return new Case(title, tgz, value, verify, expected, checksum);
        }

        Case verify(String sumsContent) {
            return new Case(title, tgz, limits, Optional.of(new ContentCheck("SHA256SUMS", sha(sumsContent))),
                    expected, checksum);
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private static String sha(String s) {
        return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Tars good() {
        return Tars.tar().dir("app/").file("app/machine.yaml", "name: app\n").file("app/data.txt", "content");
    }

    private static byte[] gzipBomb(long zeros) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(Tars.header("app/zeros", '0', 0644, zeros, ""));
            byte[] chunk = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= chunk.length) {
                gz.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    static Stream<Case> corpus() throws IOException {
        byte[] goodTar = good().bytes();
        byte[] goodTgz = Tars.gzip(goodTar);
        Tars many = Tars.tar().dir("app/");
        for (int i = 0; i < 30; i++) {
            many.file("app/f" + i, "x");
        }
        String comment = " comment=" + "a".repeat(2 << 20) + "\n";
        byte[] bigPax = ((comment.length() + 7) + comment).getBytes(StandardCharsets.UTF_8);
        ArchiveLimits small = new ArchiveLimits(ArchiveLimits.DEFAULT_MAX_SIZE, 1 << 20, 20, false);
        byte[] corruptHeader = good().bytes();
        corruptHeader[600] ^= 0x55; // inside the second header's name: its checksum no longer matches
        return Stream.of(
                new Case("traversal inside the top directory", good().file("app/../../evil", "x").tgz(),
                        "refusing archive entry 'app/../../evil': '..' path segments are not allowed"),
                new Case("traversal at the top", Tars.tar().file("../evil", "x").tgz(),
                        "'../evil': '..' path segments are not allowed"),
                new Case("absolute path", good().file("/tmp/evil", "x").tgz(),
                        "'/tmp/evil': absolute paths are not allowed"),
                new Case("symbolic link", good().entry("app/link", '2', 0777, 0, "/etc/passwd", new byte[0]).tgz(),
                        "'app/link': symbolic links are not allowed (link to '/etc/passwd')"),
                new Case("hard link", good().entry("app/hard", '1', 0644, 0, "app/data.txt", new byte[0]).tgz(),
                        "'app/hard': hard links are not allowed"),
                new Case("character device", good().entry("app/tty", '3', 0666, 0, "", new byte[0]).tgz(),
                        "'app/tty': character devices are not allowed"),
                new Case("block device", good().entry("app/sda", '4', 0666, 0, "", new byte[0]).tgz(),
                        "'app/sda': block devices are not allowed"),
                new Case("fifo", good().entry("app/pipe", '6', 0666, 0, "", new byte[0]).tgz(),
                        "'app/pipe': fifos are not allowed"),
                new Case("contiguous file type", good().entry("app/c", '7', 0644, 1, "", "x".getBytes()).tgz(),
                        "'app/c': entry type '7' is not allowed, only regular files and directories"),
                new Case("gnu sparse file", good().entry("app/sparse", 'S', 0644, 0, "", new byte[0]).tgz(),
                        "'app/sparse': sparse files are not supported"),
                new Case("huge declared size", good().entry("app/huge", '0', 0644, 10L << 30, "", new byte[0]).tgz(),
                        "'app/huge': it declares 10737418240 bytes, more than the"),
                new Case("gzip bomb", gzipBomb(64L << 20),
                        "'app/zeros': it declares 67108864 bytes, more than the 1048576 bytes left of max_extracted_size")
                        .limits(small),
                new Case("total size over max_extracted_size", good().file("app/a", 0644, new byte[600_000])
                        .file("app/b", 0644, new byte[600_000]).tgz(),
                        "'app/b': it declares 600000 bytes, more than the").limits(small),
                new Case("more files than max_files", many.tgz(),
                        "'app/f19': the archive has more than 20 entries (max_files)").limits(small),
                new Case("truncated gzip", Arrays.copyOf(goodTgz, goodTgz.length / 2),
                        "is truncated or corrupt"),
                new Case("gzip without its trailer", Arrays.copyOf(goodTgz, goodTgz.length - 8),
                        "is truncated or corrupt"),
                new Case("truncated tar inside complete gzip",
                        Tars.gzip(Arrays.copyOf(good().file("app/long", 0644, new byte[5000]).unterminated(), 2600)),
                        "is truncated or corrupt"),
                new Case("not gzip: plain tar", goodTar, "is not gzip compressed"),
                new Case("not gzip: text", "<html>404 not found</html>".getBytes(), "is not gzip compressed"),
                new Case("corrupt tar header checksum", Tars.gzip(corruptHeader),
                        "the header checksum is wrong, the archive is corrupt"),
                new Case("tar without end-of-archive marker", Tars.gzip(good().unterminated()), "the tar end-of-archive marker is missing"),
                new Case("wrong top directory", Tars.tar().dir("other/").file("other/machine.yaml", "x").tgz(),
                        "'other/': it is outside the top-level directory 'app'"),
                new Case("two top directories", good().dir("second/").file("second/x", "x").tgz(),
                        "'second/': it is outside the top-level directory 'app'"),
                new Case("file at the top level", Tars.tar().file("README", "x").tgz(),
                        "'README': it is outside the top-level directory 'app'"),
                new Case("top directory is a file", Tars.tar().file("app", "x").tgz(),
                        "'app': the top-level entry 'app' must be a directory"),
                new Case("empty archive", Tars.tar().tgz(), "archive does not contain the top-level directory 'app'"),
                new Case("newline in a name", good().file("app/bad\nname", "x").tgz(),
                        "'app/bad\\x0aname': the name contains the control character \\x0a"),
                new Case("escape sequence in a name", good().file("app/\u001b[2Jx", "x").tgz(),
                        "the name contains the control character \\x1b"),
                new Case("directory with content", good().entry("app/d/", '5', 0755, 10, "", new byte[10]).tgz(),
                        "'app/d/': a directory entry must not have content"),
                new Case("file below a file", good().file("app/data.txt/inner", "x").tgz(),
                        "'app/data.txt/inner': its parent 'app/data.txt' was extracted as a file"),
                new Case("directory over a file", good().dir("app/data.txt/").tgz(),
                        "'app/data.txt/': a file of the same name was extracted before"),
                new Case("oversized pax header", Tars.tar().entry("PaxHeaders/x", 'x', 0644, bigPax.length, "", bigPax)
                        .file("app/x", "x").tgz(), "tar headers of entry #1 exceed 1 MiB"),
                new Case("data after the end of the archive", Tars.gzip(concat(goodTar, new byte[2 << 20])),
                        "more than 1 MiB of data after the end of the tar archive"),
                new Case("wrong archive checksum", goodTgz, ArchiveLimits.DEFAULTS, Optional.empty(),
                        "checksum mismatch for archive", Optional.of(sha("something else"))),
                new Case("sha256sums missing", goodTgz, "checksums file SHA256SUMS does not exist")
                        .verify("whatever"),
                new Case("sha256sums malformed", good().file("app/SHA256SUMS", "NOT-A-CHECKSUM-LINE\n").tgz(),
                        "invalid sums file: malformed line 1").verify("NOT-A-CHECKSUM-LINE\n"),
                new Case("sha256sums with the wrong verify_checksum", good().file("app/SHA256SUMS", SUMS_OK).tgz(),
                        ArchiveLimits.DEFAULTS, Optional.of(new ContentCheck("SHA256SUMS", sha("other"))),
                        "checksum mismatch for checksums file", Optional.empty()),
                new Case("sha256sums escaping the directory",
                        good().file("app/SHA256SUMS", SUMS_OK + sha("x") + "  ../../etc/passwd\n").tgz(),
                        "'../../etc/passwd': path escapes the directory")
                        .verify(SUMS_OK + sha("x") + "  ../../etc/passwd\n"),
                new Case("sha256sums mismatch", good().file("app/SHA256SUMS", SUMS_OK.replace(sha("content"), sha("c")))
                        .tgz(), "'data.txt': sha-256 mismatch, expected " + sha("c") + ", got " + sha("content"))
                        .verify(SUMS_OK.replace(sha("content"), sha("c"))),
                new Case("sha256sums lists a missing file",
                        good().file("app/SHA256SUMS", SUMS_OK + sha("x") + "  bin/missing\n").tgz(),
                        "'bin/missing': missing").verify(SUMS_OK + sha("x") + "  bin/missing\n"),
                new Case("extra file in strict mode", good().file("app/SHA256SUMS", SUMS_OK).file("app/extra", "x").tgz(),
                        "'extra': not listed in the checksums file").verify(SUMS_OK)
                        .limits(ArchiveLimits.DEFAULTS.withStrict(true)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @BeforeEach
    void installAGoodVersion() throws Exception {
        target = Files.createDirectories(root.resolve("machines"));
        installer = new Installer(target, "app");
        installedSums = SUMS_OK;
        byte[] tgz = good().file("app/SHA256SUMS", installedSums).tgz();
        Path file = Files.write(root.resolve("good.tgz"), tgz);
        new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS.withStrict(true))
                .deploy(new FileSource(file), Sha256.of(tgz), Optional.of(new ContentCheck("SHA256SUMS", sha(installedSums))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusesAndLeavesTheInstalledVersionUntouched(Case c) throws Exception {
        Path file = Files.write(root.resolve("bad.tgz"), c.tgz());
        List<Path> before = everything();
        ArchiveDeployer deployer = new ArchiveDeployer(installer, new Downloader(), c.limits());
        assertThatThrownBy(() -> deployer.deploy(new FileSource(file), c.checksum().orElse(Sha256.of(c.tgz())),
                c.verify()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining(c.expected());
        assertThat(everything()).as("no file added or removed anywhere").isEqualTo(before);
        assertThat(installer.verifyInstalled("SHA256SUMS", sha(installedSums), true).ok()).isTrue();
        assertThat(target.resolve("app/data.txt")).hasContent("content");
    }

    private List<Path> everything() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.getFileName().toString().equals("bad.tgz")).sorted().toList();
        }
    }
}

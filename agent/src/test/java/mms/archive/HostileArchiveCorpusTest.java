package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import mms.archive.source.FileSource;
import mms.digest.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Archives written the way attackers and odd tools write them, built with commons-compress: PAX
 * records overriding names, sizes and everything after a global header, GNU long names, names that
 * are both a file and a directory, duplicate entries, hard links, sparse files, mode 0000 and a
 * {@code .} top directory. Each one is either refused with a message naming the entry and the
 * reason, or extracted safely; in both cases nothing appears outside the target, the installed
 * version keeps verifying and the work area holds nothing but the kept previous version.
 * {@link MaliciousArchiveCorpusTest} holds the hand-made corpus of the first hardening round.
 */
class HostileArchiveCorpusTest {

    private static final String SUMS = sha("content") + "  data.txt\n";

    @TempDir
    Path root;
    private Path target;
    private Installer installer;

    record Refused(String title, byte[] tgz, String expected) {
        @Override
        public String toString() {
            return title;
        }
    }

    /** An archive that installs, and what must then be true of the installed tree. */
    record Accepted(String title, byte[] tgz, Consumer<Path> check) {
        @Override
        public String toString() {
            return title;
        }
    }

    private static String sha(String s) {
        return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static TarWriter good(TarWriter tar) {
        return tar.dir("app/").file("app/data.txt", "content");
    }

    private static Map<String, String> pax(String... keysAndValues) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            records.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return records;
    }

    static Stream<Refused> refused() {
        String deep = "app/" + "d".repeat(150) + "/";
        // commons-compress drops a leading '/' when it writes, so this GNU long name is written by hand
        byte[] longAbsolute = ("/" + "x".repeat(150) + "/evil\0").getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                new Refused("pax path override with '..'", good(TarWriter.posix())
                        .pax(pax("path", "app/../../evil")).file("app/innocent", "x").tgz(),
                        "refusing archive entry 'app/../../evil': '..' path segments are not allowed"),
                new Refused("pax path override to an absolute path outside", good(TarWriter.posix())
                        .pax(pax("path", "/tmp/evil")).file("app/innocent", "x").tgz(),
                        "refusing archive entry 'tmp/evil': it is outside the top-level directory 'app'"),
                new Refused("pax path override outside the top directory", good(TarWriter.posix())
                        .pax(pax("path", "other/evil")).file("app/innocent", "x").tgz(),
                        "refusing archive entry 'other/evil': it is outside the top-level directory 'app'"),
                new Refused("pax path override with a control character", good(TarWriter.posix())
                        .pax(pax("path", "app/a\u001bb")).file("app/innocent", "x").tgz(),
                        "refusing archive entry 'app/a\\x1bb': the name contains the control character \\x1b"),
                new Refused("pax global header renaming every later entry", TarWriter.posixAfterGlobalHeader(pax("path", "../evil")).dir("app/").file("app/data.txt", "content").tgz(),
                        "refusing archive entry '../evil': '..' path segments are not allowed"),
                new Refused("pax size override beyond max_extracted_size", good(TarWriter.posix())
                        .pax(pax("size", String.valueOf(10L << 30))).file("app/small", "x").tgz(),
                        "refusing archive entry 'app/small': it declares 10737418240 bytes, more than the"),
                new Refused("pax linkpath on a symbolic link", good(TarWriter.posix())
                        .pax(pax("linkpath", "/etc/shadow")).link("app/link", "harmless", false).tgz(),
                        "refusing archive entry 'app/link': symbolic links are not allowed (link to '/etc/shadow')"),
                new Refused("gnu long name with '..'", good(TarWriter.gnu())
                        .file(deep + "../../../evil", "x").tgz(),
                        "refusing archive entry '" + deep + "../../../evil': '..' path segments are not allowed"),
                new Refused("gnu long absolute name outside", Tars.tar().dir("app/").file("app/data.txt", "content")
                        .entry("././@LongLink", 'L', 0644, longAbsolute.length, "", longAbsolute)
                        .file("placeholder", "x").tgz(),
                        "refusing archive entry '" + "x".repeat(150) + "/evil': it is outside the top-level directory 'app'"),
                new Refused("gnu long link name", good(TarWriter.gnu())
                        .link("app/link", "/" + "l".repeat(150), true).tgz(),
                        "refusing archive entry 'app/link': hard links are not allowed (link to '/" + "l".repeat(150)),
                new Refused("a file over a directory of the same name", good(TarWriter.posix())
                        .dir("app/both/").file("app/both", "x").tgz(),
                        "refusing archive entry 'app/both': a directory of the same name was extracted before"),
                new Refused("a directory over a file of the same name", good(TarWriter.posix())
                        .file("app/both", "x").dir("app/both/").tgz(),
                        "refusing archive entry 'app/both/': a file of the same name was extracted before"),
                new Refused("a file below a file", good(TarWriter.posix())
                        .file("app/both", "x").file("app/both/inner", "y").tgz(),
                        "refusing archive entry 'app/both/inner': its parent 'app/both' was extracted as a file"),
                new Refused("duplicate file entries that differ", good(TarWriter.posix())
                        .file("app/data.txt", "replaced").tgz(),
                        "refusing archive entry 'app/data.txt': it appears twice in the archive"),
                new Refused("duplicate file entries that are equal", good(TarWriter.posix())
                        .file("app/data.txt", "content").tgz(),
                        "refusing archive entry 'app/data.txt': it appears twice in the archive"),
                new Refused("duplicate file spelled differently", good(TarWriter.posix())
                        .file("./app//data.txt", "replaced").tgz(),
                        "refusing archive entry './app//data.txt': it appears twice in the archive"),
                new Refused("hard link to a file outside", good(TarWriter.posix())
                        .link("app/passwd", "/etc/passwd", true).tgz(),
                        "refusing archive entry 'app/passwd': hard links are not allowed (link to '/etc/passwd')"),
                new Refused("hard link climbing out", good(TarWriter.posix())
                        .link("app/up", "../../../../etc/shadow", true).tgz(),
                        "refusing archive entry 'app/up': hard links are not allowed (link to '../../../../etc/shadow')"),
                new Refused("hard link inside the tree", good(TarWriter.posix())
                        .link("app/again", "app/data.txt", true).tgz(),
                        "refusing archive entry 'app/again': hard links are not allowed (link to 'app/data.txt')"),
                new Refused("pax 0.1 sparse file", good(TarWriter.posix())
                        .pax(pax("GNU.sparse.size", "1048576", "GNU.sparse.map", "0,1"))
                        .file("app/sparse", "x").tgz(),
                        "refusing archive entry 'app/sparse': sparse files are not supported"),
                new Refused("a regular file named '.'", TarWriter.posix()
                        .file(".", "x").dir("app/").file("app/data.txt", "content").tgz(),
                        "refusing archive entry '.': the archive root '.' must be a directory"),
                new Refused("a '.' top directory with a second directory", good(TarWriter.posix().dir("./"))
                        .file("./other/x", "x").tgz(),
                        "refusing archive entry './other/x': it is outside the top-level directory 'app'"));
    }

    static Stream<Accepted> accepted() {
        String longName = "app/" + "d".repeat(120) + "/" + "f".repeat(120) + ".txt";
        return Stream.of(
                new Accepted("pax path override to a fine name", TarWriter.posix().dir("app/")
                        .pax(pax("path", "app/data.txt")).file("app/placeholder", "content").tgz(),
                        tree -> assertThat(tree.resolve("placeholder")).doesNotExist()),
                new Accepted("pax path override to an absolute path inside, made relative as GNU tar does",
                        good(TarWriter.posix()).pax(pax("path", "/app/absolute.txt")).file("app/innocent", "x").tgz(),
                        tree -> {
                            assertThat(tree.resolve("absolute.txt")).hasContent("x");
                            assertThat(Path.of("/app/absolute.txt")).doesNotExist();
                        }),
                new Accepted("gnu long names", good(TarWriter.gnu()).file(longName, "long").tgz(),
                        tree -> assertThat(tree.resolveSibling(longName)).hasContent("long")),
                new Accepted("pax long names", good(TarWriter.posix()).file(longName, "long").tgz(),
                        tree -> assertThat(tree.resolveSibling(longName)).hasContent("long")),
                new Accepted("mode 0000 files and directories", TarWriter.posix().dir("app/", 0)
                        .file("app/data.txt", 0, "content").dir("app/locked/", 0).file("app/locked/secret", 0, "s").tgz(),
                        tree -> {
                            assertThat(mode(tree)).isEqualTo("rwx------");
                            assertThat(mode(tree.resolve("locked"))).isEqualTo("rwx------");
                            assertThat(mode(tree.resolve("data.txt"))).isEqualTo("r--------");
                            assertThat(tree.resolve("locked/secret")).hasContent("s");
                        }),
                new Accepted("a '.' top directory", TarWriter.posix().dir("./").dir(".").dir("./app/")
                        .file("./app/data.txt", "content").tgz(),
                        tree -> assertThat(tree.getParent()).isDirectoryContaining(p -> p.equals(tree))),
                new Accepted("a directory listed twice with different modes", TarWriter.posix().dir("app/", 0755)
                        .file("app/data.txt", "content").dir("app/", 0700).tgz(),
                        tree -> assertThat(mode(tree)).isEqualTo("rwx------")));
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void installAGoodVersion() throws Exception {
        target = Files.createDirectories(root.resolve("machines"));
        installer = new Installer(target, "app");
        deploy(good(TarWriter.posix()).file("app/SHA256SUMS", SUMS).tgz());
    }

    private Deployment deploy(byte[] tgz) throws Exception {
        Path file = Files.write(root.resolve("download.tgz"), tgz);
        return new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS)
                .deploy(new FileSource(file), Sha256.of(tgz), Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesNamingTheEntryAndKeepsTheInstalledVersion(Refused c) throws Exception {
        List<Path> before = everything();
        assertThatThrownBy(() -> deploy(c.tgz()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining(c.expected());
        assertThat(everything()).as("no file added or removed anywhere").isEqualTo(before);
        assertThat(installer.verifyInstalled("SHA256SUMS", sha(SUMS), true).ok()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void extractsSafelyInsideTheTarget(Accepted c) throws Exception {
        deploy(c.tgz());

        Path tree = target.resolve("app");
        assertThat(tree.resolve("data.txt")).hasContent("content");
        c.check().accept(tree);
        assertThat(outsideTheTarget()).as("nothing written next to the target").containsExactly(root.resolve("download.tgz"));
        assertThat(workArea()).as("only the kept previous version in the work area").containsExactly("previous");

        deploy(good(TarWriter.posix()).file("app/SHA256SUMS", SUMS).tgz()); // and it can be replaced and removed
        assertThat(installer.verifyInstalled("SHA256SUMS", sha(SUMS), true).ok()).isTrue();
        assertThat(workArea()).containsExactly("previous");
    }

    private List<Path> everything() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.getFileName().toString().equals("download.tgz")).sorted().toList();
        }
    }

    private List<Path> outsideTheTarget() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.startsWith(target) && !p.equals(root)).sorted().toList();
        }
    }

    private List<String> workArea() throws IOException {
        try (Stream<Path> all = Files.list(installer.workDirectory())) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import mms.archive.FileFailure.Reason;
import mms.digest.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256SumsTest {

    @TempDir
    Path dir;

    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private String sha(String content) {
        return Sha256.of(content.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void parsesTextModeSingleSpaceAndCrlfLines() throws Exception {
        Sha256Sums sums = Sha256Sums.parse("abc  one\r\n\nabd two words \nabe\tx/y");
        assertThat(sums.entries()).containsExactly(
                new ChecksumEntry(1, "abc", "one"),
                new ChecksumEntry(3, "abd", "two words "),
                new ChecksumEntry(4, "abe", "x/y"));
    }

    @Test
    void stripsGnuBinaryMarkerOnlyAfterOneSpace() throws Exception {
        Sha256Sums sums = Sha256Sums.parse("abc *bin.tgz\nabc  *star\n");
        assertThat(sums.entries()).extracting(ChecksumEntry::name).containsExactly("bin.tgz", "*star");
    }

    @Test
    void rejectsMalformedLinesWithTheirNumber() {
        assertThatThrownBy(() -> Sha256Sums.parse("abc  ok\nABC  upper\n"))
                .isInstanceOf(InvalidChecksumsException.class)
                .hasMessage("invalid sums file: malformed line 2");
        assertThatThrownBy(() -> Sha256Sums.parse(EMPTY + "file")).hasMessage("invalid sums file: malformed line 1");
        assertThatThrownBy(() -> Sha256Sums.parse("abc  a")).hasMessage("invalid sums file: malformed line 1");
        assertThatThrownBy(() -> Sha256Sums.parse("SHA256 (x) = abc"))
                .hasMessage("invalid sums file: malformed line 1");
        assertThatThrownBy(() -> Sha256Sums.parse("abc  " + "x".repeat(70_000)))
                .hasMessageContaining("line 1 is longer than");
    }

    @Test
    void verifiesTwoCorrectLines() throws Exception {
        write("a.txt", "a");
        write("sub/b.txt", "b");
        Sha256Sums sums = Sha256Sums.parse(sha("a") + "  a.txt\n" + sha("b") + "  sub/b.txt\n");
        VerificationResult result = sums.verify(dir, "SHA256SUMS", false);
        assertThat(result.ok()).isTrue();
        assertThat(result.checked()).isEqualTo(2);
    }

    @Test
    void reportsEveryFailingFileAndContinues() throws Exception {
        write("a.txt", "a");
        write("b.txt", "tampered");
        Sha256Sums sums = Sha256Sums.parse(sha("a") + "  a.txt\n" + sha("b") + "  b.txt\n"
                + sha("c") + "  other/missing\n");
        VerificationResult result = sums.verify(dir, "SHA256SUMS", false);
        assertThat(result.ok()).isFalse();
        assertThat(result.failures()).extracting(FileFailure::file, FileFailure::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("b.txt", Reason.MISMATCH),
                org.assertj.core.groups.Tuple.tuple("other/missing", Reason.MISSING));
        assertThat(result.describe()).contains("'b.txt': sha-256 mismatch, expected " + sha("b") + ", got "
                + sha("tampered"));
    }

    @Test
    void rejectsNamesThatEscapeTheDirectory() throws Exception {
        Path inside = dir.resolve("inside");
        Files.createDirectories(inside);
        write("secret", "s");
        Sha256Sums sums = Sha256Sums.parse(sha("s") + "  ../secret\n" + sha("s") + "  /etc/passwd\n"
                + sha("s") + "  a/../../secret\n");
        VerificationResult result = sums.verify(inside, "SHA256SUMS", false);
        assertThat(result.failures()).extracting(FileFailure::reason).containsOnly(Reason.ESCAPES_DIRECTORY)
                .hasSize(3);
    }

    @Test
    void doesNotFollowSymbolicLinks() throws Exception {
        write("outside", "o");
        Path inside = dir.resolve("inside");
        Files.createDirectories(inside);
        Files.createSymbolicLink(inside.resolve("link"), dir.resolve("outside"));
        Files.createSymbolicLink(inside.resolve("dirlink"), dir);
        VerificationResult result = Sha256Sums.parse(sha("o") + "  link\n" + sha("o") + "  dirlink/outside\n")
                .verify(inside, "SHA256SUMS", false);
        assertThat(result.failures()).extracting(FileFailure::reason)
                .containsExactly(Reason.NOT_A_REGULAR_FILE, Reason.NOT_A_REGULAR_FILE);
    }

    @Test
    void strictModeReportsUnlistedFilesButNotTheChecksumsFile() throws Exception {
        write("a.txt", "a");
        write("extra/x", "x");
        write("SHA256SUMS", sha("a") + "  a.txt\n");
        Sha256Sums sums = Sha256Sums.read(dir.resolve("SHA256SUMS"));
        assertThat(sums.verify(dir, "SHA256SUMS", false).ok()).isTrue();
        VerificationResult strict = sums.verify(dir, "SHA256SUMS", true);
        assertThat(strict.failures()).containsExactly(new FileFailure("extra/x", Reason.UNLISTED, ""));
    }

    @Test
    void skipsALineNamingTheChecksumsFileItself() throws Exception {
        write("a.txt", "a");
        VerificationResult result = Sha256Sums.parse(EMPTY + "  SHA256SUMS\n" + sha("a") + "  a.txt\n")
                .verify(dir, "SHA256SUMS", false);
        assertThat(result.ok()).isTrue();
        assertThat(result.checked()).isEqualTo(1);
    }

    @Test
    void verifyDirectoryChecksTheChecksumsFileFirst() throws Exception {
        write("a.txt", "a");
        String content = sha("a") + "  a.txt\n";
        write("SHA256SUMS", content);
        assertThat(Sha256Sums.verifyDirectory(dir, "SHA256SUMS", sha(content).toUpperCase(), true).ok()).isTrue();
        assertThatThrownBy(() -> Sha256Sums.verifyDirectory(dir, "SHA256SUMS", sha("other"), false))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("expected " + sha("other") + ", got " + sha(content));
        assertThatThrownBy(() -> Sha256Sums.verifyDirectory(dir, "MISSING", sha("other"), false))
                .isInstanceOf(InvalidChecksumsException.class)
                .hasMessageContaining("checksums file MISSING does not exist");
        assertThatThrownBy(() -> Sha256Sums.verifyDirectory(dir, "SHA256SUMS", "nothex", false))
                .hasMessage("verify_checksum 'nothex' is not a sha-256 digest of 64 hex characters");
    }

    @Test
    void generatesLikeChoriaToolSha256InWalkOrder() throws Exception {
        write("a/b", "1");
        write("a.txt", "2");
        write(".hidden", "3");
        write("Bb", "4");
        write("z/ü", "5");
        write("z/~", "6");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a.txt"));
        String expected = sha("3") + "  .hidden\n" + sha("4") + "  Bb\n" + sha("1") + "  a/b\n"
                + sha("2") + "  a.txt\n" + sha("6") + "  z/~\n" + sha("5") + "  z/ü\n";
        assertThat(Sha256Sums.generate(dir)).isEqualTo(expected);
        assertThat(Sha256Sums.generate(dir, Set.of("Bb"))).doesNotContain("  Bb\n");
        assertThat(Sha256Sums.parse(expected).verify(dir, "SHA256SUMS", false).ok()).isTrue();
    }

    @Test
    void emptyFileVerifies() throws Exception {
        assertThat(Sha256Sums.parse("").verify(dir, "SHA256SUMS", false).ok()).isTrue();
    }
}

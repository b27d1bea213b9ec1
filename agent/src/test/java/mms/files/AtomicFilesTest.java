package mms.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentReadableByAllAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("SHA256SUMS");
        Files.writeString(file, "old");
        AtomicFiles.replace(file, out -> out.write("new".getBytes(UTF_8)));
        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aPrivateFileIsReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("signer.key");
        AtomicFiles.replace(file, AtomicFiles.PRIVATE, out -> out.write("secret".getBytes(UTF_8)));
        assertThat(file).hasContent("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void contentMayCloseTheStreamItIsGiven() throws IOException {
        Path file = dir.resolve("a.gz");
        AtomicFiles.replace(file, out -> {
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write("compressed".getBytes(UTF_8));
            }
        });
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("compressed");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("app.tgz");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFiles.replace(file, out -> {
            out.write("half".getBytes(UTF_8));
            throw new IOException("connection lost");
        })).hasMessage("connection lost");
        assertThat(file).hasContent("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aMissingDirectoryIsNoSuchFile() {
        assertThatThrownBy(() -> AtomicFiles.replace(dir.resolve("missing/file"), out -> { }))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void removesOnlyTheTemporaryFilesOfItsOwnInterruptedReplacements() throws IOException {
        Path file = dir.resolve("machine_data.json");
        // what a kill -9 between creating and renaming a temporary file leaves (the name replace gives it)
        Path temporary = Files.createTempFile(dir, ".machine_data.json.", ".tmp");
        Files.writeString(dir.resolve(".machine_data.json.x1.tmp"), "not ours");
        Files.writeString(dir.resolve(".other.json.123.tmp"), "another file's");
        Files.createSymbolicLink(dir.resolve(".machine_data.json.456.tmp"), dir.resolve("elsewhere"));

        assertThat(AtomicFiles.removeLeftovers(file)).isEqualTo(1);

        assertThat(temporary).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    ".machine_data.json.x1.tmp", ".other.json.123.tmp", ".machine_data.json.456.tmp");
        }
    }

    @Test
    void removesTheTemporaryFilesOfEveryFileOfADirectoryItOwns() throws IOException {
        Files.writeString(dir.resolve(".rollouts.json.8812.tmp"), "half");
        Files.writeString(dir.resolve(".specification.json.77.tmp"), "half");
        Files.writeString(dir.resolve(".notes.tmp"), "not a temporary of replace");
        Files.writeString(dir.resolve("rollouts.json"), "{}");

        assertThat(AtomicFiles.removeAllLeftovers(dir)).isEqualTo(2);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".notes.tmp", "rollouts.json");
        }
    }
}

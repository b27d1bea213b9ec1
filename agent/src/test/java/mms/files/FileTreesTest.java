package mms.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting trees never reaches through a symbolic link planted in or on the way to them. */
class FileTreesTest {
    @TempDir
    Path dir;
    @TempDir
    Path outside;

    @BeforeEach
    void somethingToProtect() throws IOException {
        Files.createDirectories(outside.resolve("sub"));
        Files.writeString(outside.resolve("sub/precious"), "keep");
    }

    @Test
    void deletesATreeAndTheLinksInItButNotWhatTheyPointTo() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file"), "x");
        Files.createSymbolicLink(tree.resolve("to-dir"), outside.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("tree/to-file"), outside.resolve("sub/precious"));

        FileTrees.deleteTree(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("sub/precious")).hasContent("keep");
    }

    @Test
    void aLinkAsTheTreeItselfIsDeletedNotFollowed() throws IOException {
        Files.createSymbolicLink(dir.resolve("tree"), outside.resolve("sub"));

        FileTrees.deleteTree(dir.resolve("tree"));

        assertThat(Files.exists(dir.resolve("tree"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("sub/precious")).hasContent("keep");
    }

    @Test
    void refusesToDescendThroughALinkOnTheWayToTheTree() throws IOException {
        Files.createSymbolicLink(dir.resolve("tmp"), outside);

        assertThatThrownBy(() -> FileTrees.deleteTree(dir, Path.of("tmp", "sub")))
                .isInstanceOf(IOException.class).hasMessageContaining("tmp is not a directory (a symbolic link?)");

        assertThat(outside.resolve("sub/precious")).hasContent("keep");
    }

    @Test
    void refusesPathsThatLeaveTheTrustedDirectory() {
        assertThatThrownBy(() -> FileTrees.deleteTree(dir, Path.of("a", "..", "..", "x")))
                .isInstanceOf(IOException.class).hasMessageContaining("has a '..' component");
        assertThatThrownBy(() -> FileTrees.deleteTree(dir, outside))
                .isInstanceOf(IOException.class).hasMessageContaining("not a relative path");
    }

    @Test
    void nothingToDeleteIsNoError() throws IOException {
        FileTrees.deleteTree(dir, Path.of("missing", "deeper"));
        FileTrees.deleteTree(dir.resolve("missing"));
        assertThat(dir).isEmptyDirectory();
    }
}

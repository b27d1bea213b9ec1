package mms.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Whole directory trees. */
public final class FileTrees {

    private FileTrees() {}

    /**
     * Deletes {@code root} and everything below it without following symbolic links: a link,
     * whether {@code root} itself or inside the tree, is deleted, never what it points to. Does
     * nothing when {@code root} does not exist.
     *
     * @param root the file, link or directory to delete, not null
     * @throws IOException when an entry cannot be listed or deleted; entries already deleted stay
     *     deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

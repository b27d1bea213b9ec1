package mms.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Whole directory trees. */
public final class FileTrees {

    private FileTrees() {}

    /**
     * Deletes {@code root} and everything below it without following symbolic links: a link,
     * whether {@code root} itself or inside the tree, is deleted, never what it points to. Does
     * nothing when {@code root} does not exist. The directory holding {@code root} is trusted;
     * {@link #deleteTree(Path, Path)} also refuses links on the way down to it.
     *
     * @param root the file, link or directory to delete, not null
     * @throws IOException when an entry cannot be listed or deleted; entries already deleted stay
     *     deleted
     */
    public static void deleteTree(Path root) throws IOException {
        Path absolute = root.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new IOException("refusing to delete the root directory " + absolute);
        }
        deleteTree(parent, parent.relativize(absolute));
    }

    /**
     * Deletes {@code trusted/relative} and everything below it, following no symbolic link below
     * {@code trusted}: not on the way down to it (a link in place of one of the directories of
     * {@code relative}, planted by a local user who can write there, fails the deletion instead of
     * redirecting it), not inside the tree (a link is deleted, never what it points to). Does
     * nothing when the entry does not exist.
     *
     * <p>Where the platform offers a {@link SecureDirectoryStream} (Linux), each directory is
     * opened relative to its parent's open descriptor with {@code O_NOFOLLOW}, so an entry swapped
     * for a link while the tree is deleted fails too, rather than reaching outside the tree.
     * Elsewhere the same checks are made by path, which leaves a small window for such a swap.
     *
     * @param trusted  a directory the caller owns or was configured with; links in its own path
     *                 are followed, not null
     * @param relative the entry to delete, a relative path without {@code ..}, not empty, not null
     * @throws IOException when {@code relative} is not such a path, a directory on the way is a
     *     link, or an entry cannot be listed or deleted; entries already deleted stay deleted
     */
    public static void deleteTree(Path trusted, Path relative) throws IOException {
        if (relative.isAbsolute() || relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            throw new IOException("refusing to delete '" + relative + "' below " + trusted + ": not a relative path");
        }
        for (Path part : relative) {
            if (part.toString().equals("..") || part.toString().equals(".")) {
                throw new IOException("refusing to delete '" + relative + "' below " + trusted
                        + ": it has a '" + part + "' component");
            }
        }
        if (!Files.isDirectory(trusted)) {
            return; // nothing below it can exist
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(trusted)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                deleteBelow(secure, trusted, relative);
                return;
            }
        }
        Path target = trusted;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            target = target.resolve(relative.getName(i));
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("refusing to delete " + trusted.resolve(relative) + ": " + target
                        + " is not a directory (a symbolic link?)");
            }
        }
        walkAndDelete(trusted.resolve(relative));
    }

    /** Descends {@code relative} from the open {@code directory} without following links, then deletes its last entry. */
    private static void deleteBelow(SecureDirectoryStream<Path> directory, Path path, Path relative) throws IOException {
        Path first = relative.getName(0);
        if (relative.getNameCount() == 1) {
            if (exists(directory, first)) {
                deleteEntry(directory, first);
            }
            return;
        }
        if (!exists(directory, first)) {
            return;
        }
        if (!directory.getFileAttributeView(first, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes().isDirectory()) {
            throw new IOException("refusing to delete " + path.resolve(relative) + ": " + path.resolve(first)
                    + " is not a directory (a symbolic link?)");
        }
        try (SecureDirectoryStream<Path> child = directory.newDirectoryStream(first, LinkOption.NOFOLLOW_LINKS)) {
            deleteBelow(child, path.resolve(first), relative.subpath(1, relative.getNameCount()));
        }
    }

    private static boolean exists(SecureDirectoryStream<Path> directory, Path name) throws IOException {
        try {
            directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Deletes {@code root} by path, links included and never followed (no {@link SecureDirectoryStream} here). */
    private static void walkAndDelete(Path root) throws IOException {
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

    /** Deletes the entry {@code name} of the open directory {@code parent}, a directory with all it holds. */
    private static void deleteEntry(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        BasicFileAttributes attributes = parent.getFileAttributeView(name, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (!attributes.isDirectory()) {
            parent.deleteFile(name);
            return;
        }
        // O_NOFOLLOW: a directory replaced by a link since the attributes were read fails here
        try (SecureDirectoryStream<Path> directory = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> children = new ArrayList<>();
            for (Path child : directory) {
                children.add(child.getFileName());
            }
            for (Path child : children) {
                deleteEntry(directory, child);
            }
        }
        parent.deleteDirectory(name);
    }
}

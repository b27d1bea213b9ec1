package mms.files;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files replaced whole: a reader, or a crash, sees the old content or all of the new, never a part. */
public final class AtomicFiles {

    /** {@code rw-r--r--}: archives, checksums, anything meant to be read. */
    public static final Set<PosixFilePermission> READABLE = Set.copyOf(PosixFilePermissions.fromString("rw-r--r--"));
    /** {@code rw-------}: keys, machine data, manifests. */
    public static final Set<PosixFilePermission> PRIVATE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));

    private AtomicFiles() {}

    /** What goes into the file; it may close the stream it is given (a gzip stream does). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** {@link #replace(Path, Set, Content)} with {@link #READABLE} permissions. */
    public static void replace(Path file, Content content) throws IOException {
        replace(file, READABLE, content);
    }

    /**
     * Writes {@code content} to a temporary file beside {@code file}, forces it to disk, gives it
     * {@code permissions} and renames it over {@code file}. The temporary file is gone afterwards,
     * whether or not the write succeeded.
     *
     * @throws java.nio.file.NoSuchFileException when the directory of {@code file} does not exist
     */
    public static void replace(Path file, Set<PosixFilePermission> permissions, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        // same directory, so one rename on one filesystem; createTempFile makes it rw------- until
        // the content is complete, so a private file is never readable by others on the way
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        // the channel stays open for the force below
                        out.flush();
                    }
                });
                out.flush();
                // on disk before the rename, so a crash never leaves a renamed but empty file
                channel.force(true);
            }
            Files.setPosixFilePermissions(temporary, permissions);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Deletes the temporary files an interrupted {@link #replace} of {@code file} left beside it
     * (a {@code kill -9} between creating and renaming one): regular files named
     * {@code .<name>.<digits>.tmp}, the names {@code replace} gives them. Links and anything else
     * of such a name are left alone. Call it where {@code file} is owned, before its first write.
     *
     * @param file the file whose temporaries to remove, not null
     * @return how many were removed
     * @throws IOException when the directory cannot be listed or a temporary file not deleted
     */
    public static int removeLeftovers(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        return removeTemporaries(target.getParent(), "." + target.getFileName() + ".");
    }

    /**
     * Deletes the temporary files interrupted {@link #replace}s of any file left in
     * {@code directory}, as {@link #removeLeftovers(Path)} does for one file; for a directory
     * whose files are all written by the agent.
     *
     * @return how many were removed
     * @throws IOException when the directory cannot be listed or a temporary file not deleted
     */
    public static int removeAllLeftovers(Path directory) throws IOException {
        return removeTemporaries(directory, ".");
    }

    private static int removeTemporaries(Path directory, String prefix) throws IOException {
        if (directory == null || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, prefix + "*.tmp")) {
            for (Path candidate : stream) {
                String name = candidate.getFileName().toString();
                String middle = name.substring(prefix.length(), name.length() - ".tmp".length());
                String digits = middle.substring(middle.lastIndexOf('.') + 1);
                boolean ours = prefix.length() > 1 ? middle.equals(digits) : middle.length() > digits.length() + 1;
                if (ours && !digits.isEmpty() && digits.chars().allMatch(Character::isDigit)
                        && Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(candidate);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Makes the renames done in {@code directory} durable: without it a power cut after
     * {@link #replace} can bring the old file back. Best effort where the file system cannot sync
     * a directory; the rename has happened either way.
     */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory
        }
    }
}

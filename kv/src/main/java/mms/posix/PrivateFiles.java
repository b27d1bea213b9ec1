package mms.posix;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Creates files and directories private to the agent's user and says when existing ones are not. */
public final class PrivateFiles {
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));
    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = Set.copyOf(PosixFilePermissions.fromString("rwx------"));

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /**
     * Creates {@code directory} and its missing parents with mode 0700; existing ones are left as
     * they are.
     *
     * @throws IOException when a directory cannot be created
     */
    public static void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory, attribute(DIRECTORY));
    }

    /**
     * Creates {@code file} empty with mode 0600 unless it exists, so that whatever opens it next
     * (SQLite, an appending writer) does not create it with the process's umask.
     *
     * @throws IOException when it cannot be created
     */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // kept as it is; exposure() tells
        }
    }

    /**
     * Why {@code path} is not private to the agent's user, for a warning: a file that its group or
     * others may use at all, a directory that others may enter or list (a directory's group is
     * often the service's own, as systemd's {@code StateDirectoryMode=0750} makes it). Empty when
     * it is private, missing, or the file system has no POSIX modes.
     *
     * @param path the file or directory; links are not followed
     * @param what what it holds, for the message, e.g. {@code "sqlite store"}
     */
    public static Optional<String> exposure(Path path, String what) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions;
        boolean directory;
        try {
            var attributes = view.readAttributes();
            permissions = attributes.permissions();
            directory = attributes.isDirectory();
        } catch (IOException e) {
            return Optional.empty();
        }
        Set<PosixFilePermission> wider = EnumSet.copyOf(directory ? OTHERS : GROUP_OR_OTHERS);
        wider.retainAll(permissions);
        if (wider.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(what + " " + path + " has mode " + PosixFilePermissions.toString(permissions)
                + ": users other than the agent's can " + (directory ? "enter it" : "use it") + "; chmod "
                + (directory ? "700" : "600") + " it to keep it private to the agent's user");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}

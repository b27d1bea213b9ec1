package mms.watcher.machines;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import mms.files.AtomicFiles;
import mms.files.FileTrees;
import mms.machine.ManifestParser;
import mms.watcher.MachineRegistry;

/**
 * The file operations of the machines watcher on the machines directory: listing managers,
 * writing a manager so that the host sees it complete or not at all, and removing machine directories only once
 * the host has stopped what ran from them. Names are checked to be plain children of the
 * directory before any path is built from them; symbolic links are never followed.
 */
final class MachinesDirectory {

    /** What {@link #writeManager} did. */
    enum Write { UNCHANGED, CREATED, REPLACED }

    private static final String PARKED_PREFIX = ".purge.";
    /** What turns {@code mm_<name>} into its staging directory; the host skips {@code *-temp} (as the original). */
    static final String STAGING_SUFFIX = "-temp";

    private final Path root;
    /** What manager directory names start with, e.g. {@code mm_}. */
    private final String managerPrefix;

    MachinesDirectory(Path root) {
        this(root, ManagerManifest.PREFIX);
    }

    /**
     * @param root          the directory
     * @param managerPrefix what manager directory names start with, {@code _} included (e.g. {@code mm_})
     */
    MachinesDirectory(Path root, String managerPrefix) {
        this.root = root;
        this.managerPrefix = managerPrefix;
    }

    Path root() {
        return root;
    }

    /**
     * The rest {@code N} of every entry named {@code mm_N} (directories and links), sorted; staging
     * directories ({@code mm_N-temp}) are not managers.
     */
    List<String> managerNames() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, managerPrefix + "*")) {
            for (Path p : stream) {
                if (p.getFileName().toString().endsWith(STAGING_SUFFIX)) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                    out.add(p.getFileName().toString().substring(managerPrefix.length()));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Makes {@code mm_<name>/machine.yaml} hold {@code content}, so that the host only ever sees a
     * complete manager: nothing when it already does (same SHA-256); an existing manager's file is
     * replaced atomically (temporary file, sync, rename: its machine data stays); a new manager is
     * built in the staging directory {@code mm_<name>-temp}, which the host ignores (file 0600,
     * synced; directory 0700), and then renamed into place in one step. A staging directory left
     * by an earlier crash is replaced.
     *
     * @throws IOException when the name is not a plain child, {@code mm_<name>} exists and is not a
     *     directory, or writing fails (no temporary file or staging directory is left behind)
     */
    Write writeManager(String name, byte[] content) throws IOException {
        Path dir = child(managerPrefix + name);
        Path file = dir.resolve(ManifestParser.FILE_NAME);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " exists and is not a directory");
            }
            boolean existed = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
            if (existed && Arrays.equals(Files.readAllBytes(file), content)) {
                return Write.UNCHANGED;
            }
            AtomicFiles.replace(file, AtomicFiles.PRIVATE, out -> out.write(content));
            return existed ? Write.REPLACED : Write.CREATED;
        }
        Path staging = child(managerPrefix + name + STAGING_SUFFIX);
        FileTrees.deleteTree(staging);
        try {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            AtomicFiles.replace(staging.resolve(ManifestParser.FILE_NAME), AtomicFiles.PRIVATE, out -> out.write(content));
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                FileTrees.deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return Write.CREATED;
    }

    /**
     * Deletes the staging directories ({@code mm_*-temp}) an interrupted {@link #writeManager} may
     * have left behind.
     *
     * @return the names of the directories removed
     * @throws IOException when the directory cannot be listed or a staging directory not deleted
     */
    List<String> removeStaging() throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, managerPrefix + "*" + STAGING_SUFFIX)) {
            for (Path p : stream) {
                FileTrees.deleteTree(p);
                removed.add(p.getFileName().toString());
            }
        }
        removed.sort(null);
        return removed;
    }

    /**
     * Removes the machine directory {@code name}: renames it to a dot name the host ignores, waits
     * until the host confirms that no machine runs from the old path any more (when a registry is
     * given), then deletes it. A link or file of that name is deleted itself, never followed.
     *
     * @return whether there was something to remove
     * @throws IOException when the name is not a plain child, the host did not confirm in time
     *     (the parked copy is then kept) or deleting failed
     * @throws InterruptedException when interrupted while waiting for the host
     */
    boolean remove(String name, Optional<MachineRegistry> registry, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = child(name);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(dir);
            return true;
        }
        Path parked = child(PARKED_PREFIX + name);
        FileTrees.deleteTree(parked);
        Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE);
        if (registry.isPresent() && !registry.get().awaitStopped(dir, timeout)) {
            throw new IOException("the host did not confirm within " + timeout.toSeconds() + "s that the machine in "
                    + dir + " stopped; its files are kept in " + parked);
        }
        FileTrees.deleteTree(parked);
        return true;
    }

    /** {@code root/name}, refusing anything that is not a plain, single-component child name. */
    Path child(String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IOException("'" + name + "' is not a plain directory name");
        }
        Path p = root.resolve(name);
        if (!root.equals(p.getParent()) || p.getFileName() == null || !p.getFileName().toString().equals(name)) {
            throw new IOException("'" + name + "' is not a plain directory name");
        }
        return p;
    }
}

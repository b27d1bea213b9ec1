package mms.watcher.machines;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mms.files.AtomicFiles;
import mms.files.FileTrees;
import mms.machine.ManifestParser;
import mms.spec.MachinesValidator;
import mms.watcher.MachineRegistry;

/**
 * The file operations of the machines watcher on the machines directory: listing managers,
 * writing a manager so that the host sees it complete or not at all, purging a machine so that a
 * crash at any moment leaves a purge that {@link #finishPurges} completes, and removing what
 * interrupted operations left. Names are checked to be plain children of the directory before any
 * path is built from them; symbolic links are never followed for writing or deleting.
 *
 * <p>What each leftover of an interrupted operation becomes at start ({@link MachinesWatcher}):
 * <ul>
 *   <li>{@code mm_<name>-temp}, a manager being staged: removed; the next check writes the manager
 *       again if the specification still wants it;</li>
 *   <li>{@code mm_<name>/.machine.yaml.<n>.tmp}, a manifest being replaced: removed; the manifest
 *       is the old or the new one, whole;</li>
 *   <li>{@code .purge.mm_<name>}, a purge under way: finished (the machine directory and the
 *       manager's work directory removed too), unless {@code mm_<name>} is back;</li>
 *   <li>any other {@code .purge.*}: removed;</li>
 *   <li>{@code tmp/<name>/attempt-*}, {@code trash-*}, {@code displaced} of an install or upgrade:
 *       the manager's archive watcher recovers them when it starts ({@code Installer.recover}).</li>
 * </ul>
 */
final class MachinesDirectory {

    /** What {@link #writeManager} did. */
    enum Write { UNCHANGED, CREATED, REPLACED }

    /** What every entry of a purge in progress starts with; the host skips dot names. */
    private static final String PARKED_PREFIX = ".purge.";
    /** Where in {@code .purge.mm_<name>} the machine directory is parked. */
    private static final String PARKED_MACHINE = "machine";
    /** The archive watchers' work area in a target directory ({@code mms.archive.Installer}). */
    static final String WORK_AREA = "tmp";
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    /** What turns {@code mm_<name>} into its staging directory; the host skips {@code *-temp} (as the original). */
    static final String STAGING_SUFFIX = "-temp";

    private final Path root;
    /** What manager directory names start with, e.g. {@code mm_}. */
    private final String managerPrefix;
    /** Where the managers' archives install their machines (and keep their work area); usually {@link #root}. */
    private final Path installs;

    MachinesDirectory(Path root) {
        this(root, ManagerManifest.PREFIX, root);
    }

    /**
     * @param root          the directory
     * @param managerPrefix what manager directory names start with, {@code _} included (e.g. {@code mm_})
     * @param installs      where the managers install their machines ({@code plugins_directory}), usually root
     */
    MachinesDirectory(Path root, String managerPrefix, Path installs) {
        this.root = root;
        this.managerPrefix = managerPrefix;
        this.installs = installs;
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
            Files.createDirectory(staging, PRIVATE_DIRECTORY);
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
     * have left behind, and the temporary manifest files ({@code mm_*}/{@code .machine.yaml.*.tmp})
     * of interrupted replacements. A staged manager is removed rather than completed: the next check
     * writes it again from the specification, if the specification still wants it.
     *
     * @return the names of the entries removed, relative to the machines directory
     * @throws IOException when the directory cannot be listed or an entry not deleted
     */
    List<String> removeStaging() throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, managerPrefix + "*")) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.endsWith(STAGING_SUFFIX)) {
                    FileTrees.deleteTree(p);
                    removed.add(name);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && AtomicFiles.removeLeftovers(p.resolve(ManifestParser.FILE_NAME)) > 0) {
                    removed.add(name + "/." + ManifestParser.FILE_NAME + ".*.tmp");
                }
            }
        }
        removed.sort(null);
        return removed;
    }

    /**
     * Whether {@code name} is one the machines watcher may purge: a valid machine name that is none
     * of the machines directory's own entries (the work area {@code tmp}, staging directories).
     */
    static boolean purgeable(String name) {
        return MachinesValidator.NAME.matcher(name).matches() && !name.contains("..") && !name.equals(WORK_AREA)
                && !name.endsWith(STAGING_SUFFIX);
    }

    /**
     * Purges the managed machine {@code name}: its manager {@code mm_<name>}, the manager's work
     * directory {@code tmp/<name>} (interrupted downloads and the kept previous version) and the
     * machine directory {@code <name>}, in an order a crash at any moment can be recovered from by
     * {@link #finishPurges}:
     * <ol>
     *   <li>{@code mm_<name>} is renamed to {@code .purge.mm_<name>} (a link or file of that name is
     *       deleted, never followed, after an empty {@code .purge.mm_<name>} was made), and the host
     *       is awaited until the manager stopped, so nothing installs the machine again;</li>
     *   <li>{@code tmp/<name>} is deleted;</li>
     *   <li>{@code <name>} is moved into {@code .purge.mm_<name>} and the host awaited until the
     *       machine stopped (a link or file of that name is deleted, never followed);</li>
     *   <li>{@code .purge.mm_<name>} is deleted, last: while it exists the purge is unfinished, the
     *       host does not start {@code <name>} (it would run without a manager) and
     *       {@link #finishPurges} completes it.</li>
     * </ol>
     *
     * @throws IOException when the name is not purgeable, the host did not confirm in time (the
     *     purge is then finished by a later {@link #finishPurges}) or deleting failed
     * @throws InterruptedException when interrupted while waiting for the host
     */
    void purge(String name, Optional<MachineRegistry> registry, Duration timeout)
            throws IOException, InterruptedException {
        if (!purgeable(name)) {
            throw new IOException("'" + name + "' is not a machine name that can be purged");
        }
        Path manager = child(managerPrefix + name);
        Path marker = child(PARKED_PREFIX + managerPrefix + name);
        if (Files.isDirectory(manager, LinkOption.NOFOLLOW_LINKS)) {
            // a marker left when this machine was purged before and then wanted again is stale now
            FileTrees.deleteTree(marker);
            Files.move(manager, marker, StandardCopyOption.ATOMIC_MOVE);
        } else {
            if (!Files.isDirectory(marker, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteTree(marker);
                Files.createDirectory(marker, PRIVATE_DIRECTORY);
            }
            Files.deleteIfExists(manager);
        }
        AtomicFiles.syncDirectory(root);
        awaitStopped(registry, manager, marker, timeout);
        finishPurge(name, registry, timeout);
    }

    /**
     * Finishes the purges a crash or a host that did not confirm in time interrupted: for each
     * {@code .purge.mm_<name>}, when {@code mm_<name>} is absent, steps 2 to 4 of {@link #purge}
     * (a purge decided is a purge done); when {@code mm_<name>} is back (the machine was wanted
     * again meanwhile) only the marker is deleted, the machine is its manager's again. A marker
     * naming {@code self}, the directory of the machines watcher asking, only is deleted. Any other
     * {@code .purge.*} entry is a parked copy whose deletion was interrupted (earlier versions
     * parked machine directories there) and is deleted.
     *
     * @param self the machine directory of the machines watcher, never purged
     * @return what was done, one line per entry, for the log
     * @throws IOException when the directory cannot be listed or an entry not removed
     * @throws InterruptedException when interrupted while waiting for the host
     */
    List<String> finishPurges(Path self, Optional<MachineRegistry> registry, Duration timeout)
            throws IOException, InterruptedException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, PARKED_PREFIX + "*")) {
            stream.forEach(found::add);
        }
        found.sort(null);
        List<String> done = new ArrayList<>();
        for (Path entry : found) {
            String entryName = entry.getFileName().toString();
            String purging = PARKED_PREFIX + managerPrefix;
            String name = entryName.startsWith(purging) ? entryName.substring(purging.length()) : "";
            if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                // the purge makes directories only: a link here was planted, and is never moved into
                Files.delete(entry);
                done.add("removed " + entryName + ", which is not a directory (a symbolic link?)");
            } else if (!purgeable(name) || self.equals(installs.resolve(name))
                    || self.equals(root.resolve(managerPrefix + name))) {
                FileTrees.deleteTree(entry);
                done.add("removed " + entryName + ", left by an interrupted purge");
            } else if (Files.exists(child(managerPrefix + name), LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteTree(entry);
                done.add("removed " + entryName + ": machine " + name + " has its manager again");
            } else {
                finishPurge(name, registry, timeout);
                done.add("finished the interrupted purge of machine " + name);
            }
        }
        return done;
    }

    /** Steps 2 to 4 of {@link #purge}, once the manager is parked and stopped. */
    private void finishPurge(String name, Optional<MachineRegistry> registry, Duration timeout)
            throws IOException, InterruptedException {
        Path marker = child(PARKED_PREFIX + managerPrefix + name);
        // a link planted as the work area holds nothing of ours (the archive watchers replace it): not followed
        if (!Files.isSymbolicLink(installs.resolve(WORK_AREA))) {
            FileTrees.deleteTree(installs, Path.of(WORK_AREA, name));
        }
        Path machine = installed(name);
        // parked in the marker when installed here; elsewhere (plugins_directory) next to the machine,
        // as a move stays on one file system, and removed before the marker
        Path parked = installs.equals(root) ? marker.resolve(PARKED_MACHINE) : installed(PARKED_PREFIX + name);
        if (Files.isDirectory(machine, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.deleteTree(parked);
            Files.move(machine, parked, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(installs);
            awaitStopped(registry, machine, marker, timeout);
        } else {
            Files.deleteIfExists(machine); // a link or file: deleted itself, never followed
        }
        FileTrees.deleteTree(parked);
        FileTrees.deleteTree(marker);
        AtomicFiles.syncDirectory(root);
    }

    private static void awaitStopped(Optional<MachineRegistry> registry, Path directory, Path marker, Duration timeout)
            throws IOException, InterruptedException {
        if (registry.isPresent() && !registry.get().awaitStopped(directory, timeout)) {
            throw new IOException("the host did not confirm within " + timeout.toSeconds() + "s that the machine in "
                    + directory + " stopped; its files are kept in " + marker + " until the purge is finished");
        }
    }

    /** {@code root/name}, refusing anything that is not a plain, single-component child name. */
    Path child(String name) throws IOException {
        return childOf(root, name);
    }

    /** {@code installs/name}, as {@link #child}. */
    private Path installed(String name) throws IOException {
        return childOf(installs, name);
    }

    private static Path childOf(Path root, String name) throws IOException {
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

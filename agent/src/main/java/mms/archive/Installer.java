package mms.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import mms.files.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a verified tree as {@code <target>/<creates>} so that the installed path is never
 * missing, and keeps the version it replaced as {@code <target>/tmp/<creates>/previous}.
 *
 * <h2>Layout</h2>
 * <pre>
 * &lt;target&gt;/&lt;creates&gt;                           installed version, always a real directory
 * &lt;target&gt;/tmp/                                 work area (0700); the host skips "tmp"
 * &lt;target&gt;/tmp/&lt;creates&gt;/attempt-&lt;random&gt;/   one {@link Staging} per attempt: archive + extract/
 * &lt;target&gt;/tmp/&lt;creates&gt;/previous/             the version replaced by the last install
 * &lt;target&gt;/tmp/&lt;creates&gt;/displaced, trash-*     only with the fallback below, between steps
 * </pre>
 * Each {@code creates} has its own work directory, so watchers sharing a target never touch each
 * other's files, and {@link #recover()} of one cannot remove another's attempt in progress.
 *
 * <h2>Swap</h2>
 * The extracted tree was forced to disk by {@link SafeExtractor}. Then:
 * <ol>
 *   <li>first install: {@code rename(tree, installed)};</li>
 *   <li>otherwise {@code renameat2(tree, installed, RENAME_EXCHANGE)}: one atomic step after which
 *       {@code installed} is the new tree and the attempt directory holds the old one;</li>
 *   <li>the old tree replaces {@code previous}, again by exchange (or rename when there was none),
 *       so {@code previous} is always a complete version too;</li>
 *   <li>the attempt directory, now holding the version before that, is deleted;</li>
 *   <li>each step is followed by an fsync of the directories whose entries changed.</li>
 * </ol>
 *
 * <p><b>Invariant</b>: once {@code installed} exists it is, at every instant, a complete directory —
 * the old or the new version — because it only ever changes by one atomic exchange of two complete
 * trees; nothing is ever deleted or written inside it. A crash (kill, power cut after the fsyncs)
 * at any point leaves the old or the new version there, possibly with leftover attempt
 * directories, which {@link #recover()} removes. {@code previous}, when present, is likewise always
 * complete. Contents are durable before the exchange because every file and directory of the tree
 * was fsynced first.
 *
 * <p><b>Fallback</b>: Java has no exchange primitive, so it is called through the foreign function
 * API ({@code renameat2}, Linux 3.15+, glibc 2.28+; ext4, xfs, btrfs, tmpfs support it). Where it is
 * unavailable (another OS, a file system answering {@code EINVAL}) the installer logs a warning and
 * uses two renames, {@code installed → displaced}, {@code tree → installed}: a short window without
 * {@code installed}, but the crash invariant still holds because {@link #recover()} puts
 * {@code displaced} back when {@code installed} is missing.
 *
 * <p>Not thread-safe for one target/creates pair: the archive watcher serialises its checks; two
 * installers for the same pair must not run at the same time.
 */
public final class Installer {

    private static final Logger LOG = LoggerFactory.getLogger(Installer.class);
    private static final String PREVIOUS = "previous";
    private static final String DISPLACED = "displaced";

    private final Path target;
    private final String creates;
    private final Path installed;
    private final Path work;

    /**
     * @param target  the {@code target} directory; created (0700) on first use
     * @param creates the {@code creates} directory name
     * @throws ArchiveException when {@code creates} is not a plain directory name
     */
    public Installer(Path target, String creates) throws ArchiveException {
        validateCreates(creates);
        this.target = Objects.requireNonNull(target, "target").toAbsolutePath().normalize();
        this.creates = creates;
        this.installed = this.target.resolve(creates);
        this.work = this.target.resolve("tmp").resolve(creates);
    }

    /** {@code <target>/<creates>}. */
    public Path installed() {
        return installed;
    }

    /** This installer's work directory, {@code <target>/tmp/<creates>}. */
    public Path workDirectory() {
        return work;
    }

    /** The version replaced by the last install, when one was kept. */
    public Optional<Path> previous() {
        Path previous = work.resolve(PREVIOUS);
        return Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS) ? Optional.of(previous) : Optional.empty();
    }

    /**
     * Creates a fresh attempt directory (and {@code <target>/tmp} with mode 0700 when missing).
     *
     * @throws ArchiveException when the directories cannot be created
     */
    public Staging newStaging() throws ArchiveException {
        try {
            workArea();
            Path attempt = Files.createTempDirectory(work, "attempt-");
            Staging staging = new Staging(attempt, creates);
            Files.createDirectory(staging.extraction(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            return staging;
        } catch (IOException e) {
            throw new ArchiveException("cannot create a work directory in " + work + ": " + e.getMessage(), e);
        }
    }

    /** Deletes an attempt directory and everything in it; failures are logged, not thrown. */
    public void discard(Staging staging) {
        deleteQuietly(target, target.relativize(staging.directory()));
    }

    /**
     * Installs {@code staging.tree()}, which the caller has verified, and discards the staging.
     *
     * @throws ArchiveException when the tree is missing or a rename fails; {@code installed} then still
     *                          holds the version it had
     */
    public void install(Staging staging) throws ArchiveException {
        Path tree = staging.tree();
        if (!staging.directory().getParent().equals(work)) {
            throw new ArchiveException("staging " + staging.directory() + " does not belong to " + work);
        }
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArchiveException("nothing to install: " + tree + " is not a directory");
        }
        try {
            if (Files.exists(installed, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(installed, LinkOption.NOFOLLOW_LINKS)) {
                LOG.warn("removing {}, which is not a directory", installed);
                Files.delete(installed); // a file or symbolic link: nothing a machine could run from
            }
            if (!Files.exists(installed, LinkOption.NOFOLLOW_LINKS)) {
                createPrivateDirectories(target);
                Files.move(tree, installed, StandardCopyOption.ATOMIC_MOVE);
                fsync(target);
                LOG.info("installed {}", installed);
            } else if (AtomicExchange.exchange(tree, installed)) {
                fsync(target);
                fsync(tree.getParent());
                keepAsPrevious(tree);
                LOG.info("installed {} by atomic exchange", installed);
            } else {
                LOG.warn("atomic exchange is not supported for {}, replacing it with two renames", installed);
                Path displaced = work.resolve(DISPLACED);
                delete(displaced);
                Files.move(installed, displaced, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tree, installed, StandardCopyOption.ATOMIC_MOVE);
                fsync(target);
                fsync(work);
                keepAsPrevious(displaced);
                LOG.info("installed {} by rename", installed);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new ArchiveException("rename failed: " + tree + " and " + installed
                    + " are not on the same file system", e);
        } catch (IOException e) {
            throw new ArchiveException("rename failed: installing " + installed + ": " + e.getMessage(), e);
        } finally {
            discard(staging);
        }
    }

    /** Makes {@code old} (a complete tree inside the work directory) the kept previous version. */
    private void keepAsPrevious(Path old) throws IOException {
        Path previous = work.resolve(PREVIOUS);
        if (!Files.exists(previous, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(old, previous, StandardCopyOption.ATOMIC_MOVE);
        } else if (AtomicExchange.exchange(old, previous)) {
            delete(old); // now the version before, inside an attempt directory or 'displaced'
        } else {
            Path trash = Files.createTempDirectory(work, "trash-");
            Files.move(previous, trash.resolve(PREVIOUS), StandardCopyOption.ATOMIC_MOVE);
            Files.move(old, previous, StandardCopyOption.ATOMIC_MOVE);
            fsync(work);
            delete(trash);
        }
        fsync(work);
    }

    /**
     * Puts the kept previous version back in place when it is the one wanted (its checksums file
     * has digest {@code sumsSha256} and every file it lists verifies): one atomic exchange of
     * {@code previous} and {@code installed}, after which the version that was installed is the
     * kept one. This is how a node goes back to the version before an upgrade without a download.
     * A crash at any point leaves each of the two a complete version (with the fallback of two
     * renames, {@link #recover()} puts one back).
     *
     * @param sumsName   the checksums file, e.g. {@code SHA256SUMS}
     * @param sumsSha256 the digest the wanted version's checksums file has ({@code verify_checksum})
     * @param strict     also refuse a kept version with unlisted files
     * @return whether the kept version was put back; false when there is none, or it is not the one wanted
     * @throws ArchiveException when reading the kept version or a rename fails; {@code installed}
     *                          then still holds a complete version
     */
    public boolean restorePrevious(String sumsName, String sumsSha256, boolean strict) throws ArchiveException {
        Optional<Path> kept = previous();
        if (kept.isEmpty() || !Files.isDirectory(installed, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            if (!Sha256Sums.verifyDirectory(kept.get(), sumsName, sumsSha256, strict).ok()) {
                return false;
            }
        } catch (InvalidChecksumsException | ChecksumMismatchException e) {
            return false; // another version, or an incomplete one: download the wanted one instead
        } catch (IOException e) {
            throw new ArchiveException("verifying the kept version " + kept.get() + " failed: " + e.getMessage(), e);
        }
        try {
            if (AtomicExchange.exchange(kept.get(), installed)) {
                fsync(target);
                fsync(work);
                LOG.info("restored the kept previous version of {} by atomic exchange", installed);
            } else {
                LOG.warn("atomic exchange is not supported for {}, restoring the kept version with two renames", installed);
                Path displaced = work.resolve(DISPLACED);
                delete(displaced);
                Files.move(installed, displaced, StandardCopyOption.ATOMIC_MOVE);
                Files.move(kept.get(), installed, StandardCopyOption.ATOMIC_MOVE);
                fsync(target);
                fsync(work);
                keepAsPrevious(displaced);
                LOG.info("restored the kept previous version of {} by rename", installed);
            }
            return true;
        } catch (IOException e) {
            throw new ArchiveException("restoring the kept version of " + installed + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Brings the installation back to a consistent state after a crash; call once before the first
     * check. Restores {@code installed} from {@code displaced} when the fallback was interrupted
     * between its renames, then removes every attempt and trash directory of this {@code creates},
     * keeping {@code previous}.
     *
     * @throws ArchiveException when the work directory cannot be cleaned
     */
    public void recover() throws ArchiveException {
        try {
            // a link planted as the work area is removed, never followed: nothing of ours is behind it
            Path area = work.getParent();
            if (Files.isSymbolicLink(area) || Files.isSymbolicLink(work)) {
                workArea();
                return;
            }
            if (!Files.isDirectory(work, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            workArea();
            Path displaced = work.resolve(DISPLACED);
            if (Files.isDirectory(displaced, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.exists(installed, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(displaced, installed, StandardCopyOption.ATOMIC_MOVE);
                    fsync(target);
                    LOG.warn("restored {} after an interrupted install", installed);
                } else {
                    keepAsPrevious(displaced);
                }
            }
            List<Path> leftovers;
            try (Stream<Path> list = Files.list(work)) {
                leftovers = list.filter(p -> !p.getFileName().toString().equals(PREVIOUS)).toList();
            }
            for (Path leftover : leftovers) {
                LOG.info("removing leftover {}", leftover);
                delete(leftover);
            }
            fsync(work);
        } catch (IOException e) {
            throw new ArchiveException("recovering " + installed + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Re-verifies the installed directory against its checksums file, so a watcher can repair
     * missing or tampered files by downloading again.
     *
     * @param sumsName   the {@code verify} property, e.g. {@code SHA256SUMS}
     * @param sumsSha256 the {@code verify_checksum} property
     * @param strict     also fail on unlisted files
     * @throws InvalidChecksumsException when nothing is installed or the checksums file is missing or
     *                                   malformed
     * @throws ChecksumMismatchException when the checksums file itself was changed
     * @throws ArchiveException          when reading fails
     */
    public VerificationResult verifyInstalled(String sumsName, String sumsSha256, boolean strict)
            throws ArchiveException {
        if (!Files.isDirectory(installed, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidChecksumsException(installed + " is not an installed directory");
        }
        try {
            return Sha256Sums.verifyDirectory(installed, sumsName, sumsSha256, strict);
        } catch (IOException e) {
            throw new ArchiveException("verifying " + installed + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a {@code creates} value (also a machine name when the target is a machines directory).
     *
     * @param creates the value, may be {@code null}
     * @throws ArchiveException unless {@code creates} is one plain directory name: not empty, no
     *                          {@code /}, not {@code .}, {@code ..} or {@code tmp}, no control characters
     */
    public static void validateCreates(String creates) throws ArchiveException {
        if (creates == null || creates.isEmpty()) {
            throw new ArchiveException("creates is required");
        }
        boolean control = creates.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        if (creates.contains("/") || creates.equals(".") || creates.equals("..") || creates.equals("tmp") || control) {
            throw new ArchiveException("creates '" + SafeExtractor.printable(creates)
                    + "' must be a single directory name other than '.', '..' and 'tmp'");
        }
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = Set.copyOf(PosixFilePermissions.fromString("rwx------"));

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Forces a directory's entries to disk (best effort where the platform cannot open directories). */
    static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            LOG.debug("cannot fsync {}: {}", dir, e.getMessage());
        }
    }

    /**
     * Makes {@code <target>/tmp} and this installer's work directory real directories private to the
     * agent's user (0700): a symbolic link or file planted in their place (by a local user who can
     * write to the target) is deleted, never followed, and a directory others may enter is made
     * private again, with a warning.
     */
    private void workArea() throws IOException {
        createPrivateDirectories(target);
        privateDirectory(work.getParent());
        privateDirectory(work);
    }

    private static void privateDirectory(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("removing {}, which is not a directory (a symbolic link?): the work area is the agent's own", dir);
            Files.delete(dir);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            return;
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " is not a directory (a symbolic link?), refusing to use it as a work area");
            }
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> found = view.readAttributes().permissions();
        if (!found.equals(OWNER_ONLY)) {
            LOG.warn("{} had mode {}, making it {}: the work area holds downloads before they are verified", dir,
                    PosixFilePermissions.toString(found), PosixFilePermissions.toString(OWNER_ONLY));
            view.setPermissions(OWNER_ONLY);
        }
    }

    /** Deletes {@code path}, inside the work area, following no link below {@code target}. */
    private void delete(Path path) throws IOException {
        FileTrees.deleteTree(target, target.relativize(path));
    }

    /** Deletes {@code trusted/relative} as {@link FileTrees#deleteTree(Path, Path)}; failures are logged, not thrown. */
    static void deleteQuietly(Path trusted, Path relative) {
        try {
            FileTrees.deleteTree(trusted, relative);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", trusted.resolve(relative), e.getMessage());
        }
    }
}

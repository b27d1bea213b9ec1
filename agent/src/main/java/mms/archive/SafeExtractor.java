package mms.archive;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a {@code .tar.gz} into a staging directory, refusing anything that could write outside it
 * or exhaust the disk.
 *
 * <p>Accepted: ustar, GNU and PAX tar (long names, PAX records; PAX global headers such as
 * {@code git archive} writes are applied by the tar reader and every resulting entry is validated like
 * any other, instead of being refused as the original does); entry types regular file ({@code 0}, and
 * legacy {@code \0}, which is a directory when the name ends in {@code /}) and directory
 * ({@code 5}); names with {@code .} or empty segments ({@code ./x//y}), a top directory {@code .},
 * directories listed more than once (the last mode wins). A leading {@code /} of a PAX {@code path}
 * record or GNU long name is dropped by the tar reader, as GNU tar does; the rest is validated like
 * any name, so it must still lie under {@code creates}.
 *
 * <p>Refused, naming the entry and the reason ({@link UnsafeEntryException}): absolute names,
 * {@code ..} segments (but {@code v1..2} is a fine name), control characters (U+0000–U+001F, U+007F),
 * entries outside the single top-level directory {@code creates}, a top-level file named
 * {@code creates}, symbolic and hard links (whatever they point at), devices, FIFOs, sparse files
 * (old GNU and PAX) and every other type, a directory entry with content, a file and a directory of
 * the same name, a file listed twice (even with the same content: tar readers disagree on which copy
 * wins), a regular file named {@code .}, and any entry beyond {@code max_files} or whose declared size does
 * not fit in what is left of {@code max_extracted_size} — checked from the header, before its data is
 * read, so a gzip bomb stops at the first oversized entry. Tar headers (PAX records, long names,
 * padding) may use at most 1 MiB per entry, and data after the end-of-archive marker at most 1 MiB,
 * so the decompressed stream is bounded too. Truncated or corrupt gzip or tar streams fail, and the
 * gzip trailer (CRC, length) is checked.
 *
 * <p>Permissions come from the headers without setuid, setgid, sticky and world-write bits; the owner
 * always keeps read (files) or read/write/search (directories) so the tree can be verified and later
 * removed. Directories missing from the archive are created with 0755. Ownership and times are not
 * applied. Every file and directory is forced to disk before {@link #extract} returns, so a rename of
 * the tree afterwards can never expose half-written files after a power cut.
 *
 * <p>On failure the partially extracted {@code <destination>/<creates>} is removed.
 */
public final class SafeExtractor {

    static final long HEADER_BUDGET_PER_ENTRY = 1L << 20;
    static final long TRAILER_BUDGET = 1L << 20;
    /** Threads issuing the final fsyncs of one extraction; they mostly wait for the disk. */
    static final int FSYNC_THREADS = 64;

    private SafeExtractor() {}

    /**
     * Extracts {@code archive} into {@code destination}, which must be an existing directory that does
     * not contain {@code creates} yet.
     *
     * @param archive     a gzip-compressed tar file
     * @param destination the staging directory; nothing is written outside it
     * @param creates     the single top-level directory the archive must contain
     * @param limits      {@code max_extracted_size} and {@code max_files} apply
     * @return the extracted tree {@code destination/creates}
     * @throws UnsafeEntryException when an entry is refused
     * @throws ArchiveException     when the file is not gzip, is truncated or corrupt, lacks the
     *                              {@code creates} directory, or writing fails
     */
    public static ExtractedTree extract(Path archive, Path destination, String creates, ArchiveLimits limits)
            throws ArchiveException {
        Installer.validateCreates(creates);
        Path base = destination.toAbsolutePath().normalize();
        Path root = base.resolve(creates);
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArchiveException("cannot extract into " + base + ": " + creates + " already exists there");
        }
        boolean ok = false;
        try {
            ExtractedTree tree = new Run(archive, base, creates, limits).run();
            ok = true;
            return tree;
        } finally {
            if (!ok) {
                Installer.deleteQuietly(base, Path.of(creates));
            }
        }
    }

    /** One extraction's state. */
    private static final class Run {
        private final Path archive;
        private final Path base;
        private final String creates;
        private final ArchiveLimits limits;
        private final Map<Path, Set<PosixFilePermission>> directoryModes = new LinkedHashMap<>();
        /** Files written so far; with the keys of {@link #directoryModes} it replaces stat calls. */
        private final Set<Path> files = new HashSet<>();
        private Syncer syncer;
        private final byte[] buffer = new byte[64 * 1024];
        private int entries;
        private long written;
        private String current = "";
        /** Whether the tar reader is reading the headers that follow {@link #current}. */
        private boolean readingHeaders;

        Run(Path archive, Path base, String creates, ArchiveLimits limits) {
            this.archive = archive;
            this.base = base;
            this.creates = creates;
            this.limits = limits;
        }

        ExtractedTree run() throws ArchiveException {
            InputStream gzip;
            InputStream file;
            try {
                file = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
            } catch (IOException e) {
                throw new ArchiveException("cannot read archive " + archive + ": " + e.getMessage(), e);
            }
            try (file; Syncer syncer = new Syncer()) {
                this.syncer = syncer;
                try {
                    gzip = GzipCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get();
                } catch (IOException e) {
                    throw new ArchiveException("archive " + archive.getFileName() + " is not gzip compressed: "
                            + e.getMessage(), e);
                }
                BudgetStream budget = new BudgetStream(gzip);
                TarArchiveInputStream tar = new TarArchiveInputStream(budget, TarConstants.DEFAULT_BLKSIZE, TarConstants.DEFAULT_RCDSIZE, "UTF-8", false);
                try {
                    extractEntries(tar, budget);
                    drainTrailer(budget);
                } catch (ArchiveException e) {
                    throw e;
                } catch (IOException e) {
                    String where = current.isEmpty() ? ""
                            : readingHeaders ? " (in the headers after entry '" + current + "')"
                            : " (at entry '" + current + "')";
                    throw new ArchiveException("archive " + archive.getFileName() + " is truncated or corrupt" + where
                            + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
                }
                Path root = base.resolve(creates);
                if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                    throw new ArchiveException("archive does not contain the top-level directory '" + creates + "'");
                }
                try {
                    applyDirectoryModes();
                    for (Path dir : directoryModes.keySet()) {
                        syncer.forceDirectory(dir);
                    }
                    syncer.await();
                } catch (IOException e) {
                    throw new ArchiveException("cannot finish extraction into " + root + ": " + e.getMessage(), e);
                }
                return new ExtractedTree(root, entries, written);
            } catch (IOException e) { // closing the archive file
                throw new ArchiveException("cannot read archive " + archive + ": " + e.getMessage(), e);
            }
        }

        private void extractEntries(TarArchiveInputStream tar, BudgetStream budget) throws IOException,
                ArchiveException {
            while (true) {
                budget.startHeaders(entries + 1);
                readingHeaders = true;
                TarArchiveEntry entry = tar.getNextEntry();
                readingHeaders = false;
                budget.endHeaders();
                if (entry == null) {
                    if (!budget.phaseHadZeroBlock()) {
                        current = "";
                        throw new EOFException("the tar end-of-archive marker is missing");
                    }
                    return;
                }
                current = printable(entry.getName());
                if (!entry.isCheckSumOK()) {
                    throw refuse("the header checksum is wrong, the archive is corrupt");
                }
                List<String> segments = checkName(entry.getName());
                boolean directory = checkType(entry);
                if (++entries > limits.maxFiles()) {
                    throw refuse("the archive has more than " + limits.maxFiles() + " entries (max_files)");
                }
                if (segments.isEmpty()) {
                    if (!directory) {
                        throw refuse("the archive root '.' must be a directory");
                    }
                    continue; // "./": the archive root itself
                }
                if (!segments.getFirst().equals(creates)) {
                    throw refuse("it is outside the top-level directory '" + creates + "'");
                }
                Path path = base.resolve(String.join("/", segments)).normalize();
                if (!path.startsWith(base)) { // unreachable after the name checks; kept as a last line
                    throw refuse("it resolves outside the staging directory");
                }
                if (!directory && segments.size() == 1) {
                    throw refuse("the top-level entry '" + creates + "' must be a directory");
                }
                try {
                    if (directory) {
                        makeDirectory(path, entry.getMode());
                    } else {
                        writeFile(tar, entry, path);
                    }
                } catch (WriteFailure e) {
                    // a full disk or a quota, not a corrupt archive: say so
                    throw new ArchiveException("cannot extract entry '" + current + "' to " + path + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        }

        private List<String> checkName(String name) throws UnsafeEntryException {
            if (name.isEmpty()) {
                throw refuse("the name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw refuse(String.format("the name contains the control character \\x%02x", (int) c));
                }
            }
            if (name.startsWith("/")) {
                throw refuse("absolute paths are not allowed");
            }
            List<String> segments = new ArrayList<>();
            for (String segment : name.split("/")) {
                if (segment.equals("..")) {
                    throw refuse("'..' path segments are not allowed");
                }
                if (!segment.isEmpty() && !segment.equals(".")) {
                    segments.add(segment);
                }
            }
            return segments;
        }

        /** @return {@code true} for a directory, {@code false} for a regular file */
        private boolean checkType(TarArchiveEntry entry) throws UnsafeEntryException {
            byte flag = entry.getLinkFlag();
            if (entry.isSymbolicLink()) {
                throw refuse("symbolic links are not allowed (link to '" + printable(entry.getLinkName()) + "')");
            }
            if (entry.isLink()) {
                throw refuse("hard links are not allowed (link to '" + printable(entry.getLinkName()) + "')");
            }
            if (entry.isCharacterDevice()) {
                throw refuse("character devices are not allowed");
            }
            if (entry.isBlockDevice()) {
                throw refuse("block devices are not allowed");
            }
            if (entry.isFIFO()) {
                throw refuse("fifos are not allowed");
            }
            if (entry.isSparse()) {
                throw refuse("sparse files are not supported");
            }
            boolean directory;
            if (flag == TarConstants.LF_DIR) {
                directory = true;
            } else if (flag == TarConstants.LF_NORMAL) {
                directory = false;
            } else if (flag == TarConstants.LF_OLDNORM) {
                directory = entry.getName().endsWith("/");
            } else {
                throw refuse("entry type '" + printable(String.valueOf((char) (flag & 0xff)))
                        + "' is not allowed, only regular files and directories");
            }
            if (directory && entry.getSize() != 0) {
                throw refuse("a directory entry must not have content, it declares " + entry.getSize() + " bytes");
            }
            if (entry.getSize() < 0) {
                throw refuse("the declared size " + entry.getSize() + " is negative");
            }
            return directory;
        }

        private void makeDirectory(Path path, int mode) throws IOException, UnsafeEntryException {
            ensureParents(path);
            if (files.contains(path)) {
                throw refuse("a file of the same name was extracted before");
            }
            if (!directoryModes.containsKey(path)) {
                writing(() -> Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ALL)));
            }
            directoryModes.put(path, permissions((mode & 0775) | 0700));
        }

        private void ensureParents(Path path) throws IOException, UnsafeEntryException {
            List<Path> missing = new ArrayList<>();
            // the staging directory is fresh and private: what exists in it is what this run created
            for (Path p = path.getParent(); !p.equals(base); p = p.getParent()) {
                if (directoryModes.containsKey(p)) {
                    break;
                }
                if (files.contains(p)) {
                    throw refuse("its parent '" + base.relativize(p) + "' was extracted as a file");
                }
                missing.add(p);
            }
            for (Path p : missing.reversed()) {
                writing(() -> Files.createDirectory(p, PosixFilePermissions.asFileAttribute(OWNER_ALL)));
                directoryModes.putIfAbsent(p, DEFAULT_DIRECTORY);
            }
        }

        private void writeFile(TarArchiveInputStream tar, TarArchiveEntry entry, Path path)
                throws IOException, UnsafeEntryException {
            long size = entry.getSize();
            long left = limits.maxExtractedSize() - written;
            if (size > left) {
                throw refuse("it declares " + size + " bytes, more than the " + left
                        + " bytes left of max_extracted_size " + limits.maxExtractedSize());
            }
            ensureParents(path);
            if (directoryModes.containsKey(path)) {
                throw refuse("a directory of the same name was extracted before");
            }
            if (files.contains(path)) {
                // tar readers disagree on which copy wins, and a copy checked by eye may not be the one installed
                throw refuse("it appears twice in the archive, which copy is meant is ambiguous");
            }
            long copied = 0;
            FileChannel out = writing(() -> FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(OWNER_RW)));
            boolean handedOver = false;
            try {
                for (int n; (n = tar.read(buffer)) >= 0; ) {
                    copied += n;
                    if (copied > size) { // the tar reader stops at the entry size; never trust it blindly
                        throw refuse("more content than the declared " + size + " bytes");
                    }
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    writing(() -> {
                        while (chunk.hasRemaining()) {
                            out.write(chunk);
                        }
                        return null;
                    });
                }
                if (copied != size) {
                    throw new EOFException("entry '" + current + "' has " + copied + " of its " + size + " bytes");
                }
                syncer.force(out);
                handedOver = true;
            } finally {
                if (!handedOver) {
                    out.close();
                }
            }
            files.add(path);
            written += copied;
            Files.setPosixFilePermissions(path, permissions((entry.getMode() & 0775) | 0400));
        }

        /** Runs a write to the staging directory, marking its failure as one of writing, not reading. */
        private static <T> T writing(WriteStep<T> step) throws WriteFailure {
            try {
                return step.run();
            } catch (IOException e) {
                throw new WriteFailure(e);
            }
        }

        private void drainTrailer(BudgetStream budget) throws IOException, ArchiveException {
            budget.startHeaders(0);
            byte[] buffer = new byte[8192];
            long trailing = 0;
            for (int n; (n = budget.read(buffer)) >= 0; ) {
                trailing += n;
                if (trailing > TRAILER_BUDGET) {
                    throw new ArchiveException("archive " + archive.getFileName()
                            + " has more than 1 MiB of data after the end of the tar archive");
                }
            }
        }

        private void applyDirectoryModes() throws IOException {
            List<Path> deepestFirst = new ArrayList<>(directoryModes.keySet());
            deepestFirst.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path dir : deepestFirst) {
                Files.setPosixFilePermissions(dir, directoryModes.get(dir));
            }
        }

        private UnsafeEntryException refuse(String reason) {
            return new UnsafeEntryException(current, reason);
        }
    }

    /** A step writing into the staging directory. */
    @FunctionalInterface
    private interface WriteStep<T> {
        T run() throws IOException;
    }

    /** Writing into the staging directory failed (a full disk, a quota): carries the cause. */
    private static final class WriteFailure extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Counts the bytes the tar reader consumes while reading headers and enforces the budgets. It
     * also notices whether a header phase read an all-zero 512-byte block at a block boundary: the
     * tar reader treats a short read as a clean end, so the end-of-archive marker is checked here.
     */
    private static final class BudgetStream extends FilterInputStream {
        private long headerBytes;
        private boolean inHeaders;
        private int entryNumber;
        private long position;
        private int zeroRun;
        private boolean zeroBlock;

        BudgetStream(InputStream in) {
            super(in);
        }

        void startHeaders(int entry) {
            inHeaders = true;
            headerBytes = 0;
            entryNumber = entry;
            zeroRun = 0;
            zeroBlock = false;
        }

        boolean phaseHadZeroBlock() {
            return zeroBlock;
        }

        void endHeaders() {
            inHeaders = false;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                track(new byte[] {(byte) b}, 0, 1);
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                track(b, off, n);
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            if (skipped > 0) {
                position += skipped;
                zeroRun = 0;
                count(skipped);
            }
            return skipped;
        }

        private void track(byte[] b, int off, int n) {
            if (!inHeaders) {
                position += n;
                return;
            }
            for (int i = off; i < off + n; i++) {
                if (position % 512 == 0) {
                    zeroRun = 0;
                }
                zeroRun = b[i] == 0 ? zeroRun + 1 : -1_000_000;
                if (zeroRun == 512) {
                    zeroBlock = true;
                }
                position++;
            }
        }

        private void count(long n) throws IOException {
            if (inHeaders && entryNumber > 0) {
                headerBytes += n;
                if (headerBytes > HEADER_BUDGET_PER_ENTRY) {
                    throw new IOException("tar headers of entry #" + entryNumber + " exceed 1 MiB");
                }
            }
        }
    }

    private static final Set<PosixFilePermission> OWNER_ALL = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DEFAULT_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                result.add(bits[i]);
            }
        }
        return result;
    }

    /** Forces every file's and directory's metadata and the tree's directories to disk. */
    /**
     * Forces extracted files to disk on a few threads while extraction goes on. One fsync per file
     * on the extracting thread cost about 1 ms each on ext4 (a journal commit apiece: 5 s for 5000
     * files); handed over here they overlap with decompression and writing, and the journal groups
     * concurrent fsyncs into shared commits. At most {@value #MAX_PENDING} files wait with an open
     * descriptor. Every handed-over channel is closed, whatever happens.
     */
    private static final class Syncer implements AutoCloseable {
        private static final int MAX_PENDING = 1024;
        private final ExecutorService pool = Executors.newFixedThreadPool(FSYNC_THREADS,
                Thread.ofPlatform().daemon().name("mms-archive-fsync-", 0).factory());
        private final Semaphore pending = new Semaphore(MAX_PENDING);
        private final List<Future<?>> futures = new ArrayList<>();

        /** Takes ownership of {@code channel}: forces it to disk and closes it. */
        void force(FileChannel channel) throws IOException {
            try {
                pending.acquire();
            } catch (InterruptedException e) {
                channel.close();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while extracting");
            }
            futures.add(pool.submit(() -> {
                try (channel) {
                    channel.force(true);
                } finally {
                    pending.release();
                }
                return null;
            }));
        }

        /** Forces a directory's entries to disk. */
        void forceDirectory(Path dir) {
            futures.add(pool.submit(() -> {
                Installer.fsync(dir);
                return null;
            }));
        }

        /** Waits until everything handed over is on disk. @throws IOException the first failure */
        void await() throws IOException {
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("fsync failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while forcing the extracted files to disk");
                }
            }
        }

        /**
         * Lets queued work finish, even when interrupted, so every channel gets closed (the pool's own
         * {@code close()} would drop queued tasks on interrupt), then stops the threads.
         */
        @Override
        public void close() {
            pool.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The name with control characters shown as {@code \xNN}, for messages and logs. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

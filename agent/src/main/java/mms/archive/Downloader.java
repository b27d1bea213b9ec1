package mms.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.OptionalLong;
import mms.archive.source.ArchiveSource;
import mms.archive.source.SourceStream;
import mms.digest.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a source into a temporary file, hashing the bytes as they arrive and enforcing
 * {@code max_size}. A download that fails for any reason — source error, size, truncation, checksum
 * — leaves no file behind. Thread-safe; one instance can serve every watcher.
 */
public final class Downloader {

    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
    /** Default pause between progress log lines. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private final InstantSource clock;
    private final Duration progressInterval;
    private final Progress progress;

    /**
     * Told about a long download's progress at most once per progress interval.
     */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param what     the source description (no credentials)
         * @param received bytes received so far
         * @param total    the announced length, empty when unknown
         * @param elapsed  time since the transfer started
         */
        void update(String what, long received, OptionalLong total, Duration elapsed);
    }

    /** Uses the system clock and logs progress every {@link #DEFAULT_PROGRESS_INTERVAL}. */
    public Downloader() {
        this(InstantSource.system(), DEFAULT_PROGRESS_INTERVAL);
    }

    /**
     * Logs progress at INFO through this class's logger.
     *
     * @param clock            time source for progress logging, never {@code null}
     * @param progressInterval minimum time between two INFO progress lines of one download
     */
    public Downloader(InstantSource clock, Duration progressInterval) {
        this(clock, progressInterval, (what, received, total, elapsed) -> LOG.info(
                "downloading {}: {} of {} bytes after {}", what, received,
                total.isPresent() ? total.getAsLong() : "unknown", elapsed));
    }

    /**
     * @param clock            time source for progress reports, never {@code null}
     * @param progressInterval minimum time between two progress reports of one download
     * @param progress         receives the reports (e.g. a watcher's log), never {@code null}
     */
    public Downloader(InstantSource clock, Duration progressInterval, Progress progress) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progressInterval = Objects.requireNonNull(progressInterval, "progressInterval");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Downloads {@code source} into a new file {@code <random>-archive.tgz} (mode 0600) in
     * {@code directory} and checks its SHA-256.
     *
     * @param source         where to read from, never {@code null}
     * @param directory      an existing directory on the same file system as the install target
     * @param expectedSha256 the {@code checksum} property, 64 hex characters in either case
     * @param maxSize        most bytes accepted ({@code max_size})
     * @return the verified file
     * @throws ChecksumMismatchException when the digest differs (the file is deleted); the message
     *                                   names both digests
     * @throws ArchiveException          when the checksum is malformed, the source fails, the size
     *                                   limit is exceeded or fewer bytes arrive than announced
     * @throws InterruptedException      when the thread is interrupted (the file is deleted)
     */
    public DownloadedArchive download(ArchiveSource source, Path directory, String expectedSha256, long maxSize)
            throws ArchiveException, InterruptedException {
        String expected = Checksum.normalise("checksum", expectedSha256);
        String what = source.description();
        Path file;
        try {
            file = Files.createTempFile(directory, "", "-archive.tgz");
        } catch (IOException e) {
            throw new ArchiveException("download of " + what + " failed: cannot create a file in " + directory
                    + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            DownloadedArchive result = transfer(source, file, maxSize, what);
            if (!result.sha256().equals(expected)) {
                throw new ChecksumMismatchException("archive " + what, expected, result.sha256());
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                deleteQuietly(file);
            }
        }
    }

    private DownloadedArchive transfer(ArchiveSource source, Path file, long maxSize, String what)
            throws ArchiveException, InterruptedException {
        MessageDigest digest = Sha256.newDigest();
        long received = 0;
        OptionalLong announced = OptionalLong.empty();
        try (SourceStream stream = source.open(); OutputStream out = Files.newOutputStream(file)) {
            announced = stream.length();
            if (announced.isPresent() && announced.getAsLong() > maxSize) {
                throw new ArchiveException("download of " + what + " refused: it announces "
                        + announced.getAsLong() + " bytes, more than max_size of " + maxSize + " bytes");
            }
            Instant started = clock.instant();
            Instant lastLog = started;
            InputStream in = stream.body();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received += n;
                if (received > maxSize) {
                    throw new ArchiveException("download of " + what + " aborted: more than max_size of "
                            + maxSize + " bytes received");
                }
                digest.update(buffer, 0, n);
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) { // a full disk or a quota, not the source's fault: say so
                    throw new ArchiveException("download of " + what + " failed: cannot write " + file + ": "
                            + e.getMessage(), e);
                }
                Instant now = clock.instant();
                if (Duration.between(lastLog, now).compareTo(progressInterval) >= 0) {
                    lastLog = now;
                    progress.update(what, received, announced, Duration.between(started, now));
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("download of " + what + " interrupted");
                }
            }
        } catch (InterruptedIOException e) {
            throw interrupted(what, e);
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw interrupted(what, e);
            }
            throw new ArchiveException("download of " + what + " failed: " + e.getMessage(), e);
        }
        if (announced.isPresent() && announced.getAsLong() != received) {
            throw new ArchiveException("download of " + what + " is truncated: received " + received + " of "
                    + announced.getAsLong() + " announced bytes");
        }
        LOG.debug("downloaded {}: {} bytes", what, received);
        return new DownloadedArchive(file, Sha256.hex(digest), received);
    }

    private static InterruptedException interrupted(String what, Exception cause) {
        InterruptedException e = new InterruptedException("download of " + what + " interrupted");
        e.initCause(cause);
        return e;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.getMessage());
        }
    }
}

package mms.archive;

/**
 * Bounds applied to one download and extraction, so that a hostile or broken archive costs at most
 * a known amount of network, disk and time.
 *
 * @param maxSize          {@code max_size}: most bytes downloaded; checked against the announced
 *                         length before the transfer and against the bytes received while it runs.
 *                         Default 256 MiB, minimum 1
 * @param maxExtractedSize {@code max_extracted_size}: most bytes of file content written while
 *                         extracting; an entry whose declared size does not fit is refused before a
 *                         byte of it is written. Default 1 GiB, minimum 1
 * @param maxFiles         {@code max_files}: most entries (files and directories) extracted.
 *                         Default 10 000, minimum 1
 * @param strict           {@code strict}: content verification also fails on files present in the
 *                         directory but not listed in the checksums file (the original ignores them).
 *                         Default {@code false} for compatibility with existing archives
 */
public record ArchiveLimits(long maxSize, long maxExtractedSize, int maxFiles, boolean strict) {

    /** Default {@code max_size}: 256 MiB. */
    public static final long DEFAULT_MAX_SIZE = 256L << 20;
    /** Default {@code max_extracted_size}: 1 GiB. */
    public static final long DEFAULT_MAX_EXTRACTED_SIZE = 1L << 30;
    /** Default {@code max_files}. */
    public static final int DEFAULT_MAX_FILES = 10_000;

    /** The defaults listed above. */
    public static final ArchiveLimits DEFAULTS =
            new ArchiveLimits(DEFAULT_MAX_SIZE, DEFAULT_MAX_EXTRACTED_SIZE, DEFAULT_MAX_FILES, false);

    /** @throws IllegalArgumentException naming the first limit below its minimum */
    public ArchiveLimits {
        if (maxSize < 1) {
            throw new IllegalArgumentException("max_size " + maxSize + " is too small, minimum is 1");
        }
        if (maxExtractedSize < 1) {
            throw new IllegalArgumentException(
                    "max_extracted_size " + maxExtractedSize + " is too small, minimum is 1");
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("max_files " + maxFiles + " is too small, minimum is 1");
        }
    }

    /** A copy with another {@code strict}. */
    public ArchiveLimits withStrict(boolean value) {
        return new ArchiveLimits(maxSize, maxExtractedSize, maxFiles, value);
    }
}

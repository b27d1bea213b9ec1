/**
 * The library under the archive watcher: everything needed to put a verified {@code .tar.gz} on a
 * node as {@code <target>/<creates>} safely, plus the {@code SHA256SUMS} format.
 *
 * <ul>
 *   <li>{@link mms.archive.Downloader} streams an {@link mms.archive.source.ArchiveSource} into a
 *       temporary file, hashing as bytes arrive and enforcing {@code max_size};</li>
 *   <li>{@link mms.archive.SafeExtractor} extracts only regular files and directories under the one
 *       top-level directory, enforcing {@code max_extracted_size} and {@code max_files} while
 *       streaming;</li>
 *   <li>{@link mms.archive.Sha256Sums} parses, verifies and generates checksums files;</li>
 *   <li>{@link mms.archive.Installer} swaps the verified tree in atomically (the installed directory
 *       never disappears), keeps the previous version and recovers after a crash;</li>
 *   <li>{@link mms.archive.ArchiveDeployer} chains them for one check.</li>
 * </ul>
 *
 * Failures are checked {@link mms.archive.ArchiveException}s with lowercase messages naming the
 * source, entry or file and the reason; {@link mms.archive.ArchiveLimits} holds the limits and their
 * safe defaults. Compared with the original ({@code watchers.md} §16 item 9) the HTTP status is
 * checked, uppercase checksums match, PAX global headers are accepted, {@code a..b} names are
 * allowed, unlisted files can be detected and installation has no window without the directory.
 */
package mms.archive;

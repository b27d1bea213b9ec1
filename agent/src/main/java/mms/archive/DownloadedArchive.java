package mms.archive;

import java.nio.file.Path;

/**
 * An archive saved to disk whose SHA-256 matched the expected one.
 *
 * @param file   the saved file inside the work directory given to the {@link Downloader}
 * @param sha256 its SHA-256, lowercase hex
 * @param size   its size in bytes
 */
public record DownloadedArchive(Path file, String sha256, long size) {}

package mms.archive;

import java.nio.file.Path;

/**
 * A successful {@link ArchiveDeployer#deploy deploy}.
 *
 * @param source    the source description (no credentials)
 * @param sha256    the archive's SHA-256, lowercase hex
 * @param size      the archive's size in bytes
 * @param entries   entries extracted
 * @param bytes     bytes of file content extracted
 * @param installed the installed directory, {@code <target>/<creates>}
 */
public record Deployment(String source, String sha256, long size, int entries, long bytes, Path installed) {}

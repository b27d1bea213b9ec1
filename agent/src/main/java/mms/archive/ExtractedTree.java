package mms.archive;

import java.nio.file.Path;

/**
 * The result of a successful extraction.
 *
 * @param root    the extracted top-level directory, {@code <destination>/<creates>}
 * @param entries files and directories extracted (explicit archive entries)
 * @param bytes   bytes of file content written
 */
public record ExtractedTree(Path root, int entries, long bytes) {}

package mms.archive;

/**
 * One line of a checksums file.
 *
 * @param line   1-based line number in the file
 * @param sha256 the digest as written (the grammar allows any lowercase alphanumerics; only 64 hex
 *               characters can ever match)
 * @param name   the file name relative to the checksummed directory, GNU binary marker removed
 */
public record ChecksumEntry(int line, String sha256, String name) {}

package mms.archive;

import java.util.Objects;

/**
 * The archive watcher's {@code verify} and {@code verify_checksum} properties.
 *
 * @param file   checksums file name inside {@code creates}, e.g. {@code SHA256SUMS}
 * @param sha256 SHA-256 of that file, any case
 */
public record ContentCheck(String file, String sha256) {
    public ContentCheck {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }
}

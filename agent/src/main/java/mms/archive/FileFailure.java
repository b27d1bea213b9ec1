package mms.archive;

import java.util.Objects;

/**
 * One file that failed content verification.
 *
 * @param file   the name as listed in the checksums file, or for {@link Reason#UNLISTED} the path
 *               relative to the directory with {@code /} separators
 * @param reason why it failed
 * @param detail human-readable detail (digests, file type), lowercase, may be empty
 */
public record FileFailure(String file, Reason reason, String detail) {

    /** Why a file failed verification. */
    public enum Reason {
        /** Listed but not present. */
        MISSING,
        /** Present but its SHA-256 differs from the listed one. */
        MISMATCH,
        /** Listed, but a directory, symbolic link, device or reached through a symbolic link. */
        NOT_A_REGULAR_FILE,
        /** The listed name is absolute, contains a {@code ..} segment or is not a valid path. */
        ESCAPES_DIRECTORY,
        /** Present but not listed (strict mode only). */
        UNLISTED
    }

    public FileFailure {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** E.g. {@code 'bin/run': sha-256 mismatch, expected 12…, got 34…}. */
    public String describe() {
        String what = switch (reason) {
            case MISSING -> "missing";
            case MISMATCH -> "sha-256 mismatch";
            case NOT_A_REGULAR_FILE -> "not a regular file";
            case ESCAPES_DIRECTORY -> "path escapes the directory";
            case UNLISTED -> "not listed in the checksums file";
        };
        return "'" + file + "': " + what + (detail.isEmpty() ? "" : ", " + detail);
    }
}

package mms.archive;

import java.util.HexFormat;
import java.util.Locale;

/** A SHA-256 checksum given in a machine definition or a specification ({@code checksum}, {@code verify_checksum}). */
public final class Checksum {
    private Checksum() {}

    /**
     * Checks that {@code value} is a SHA-256 hex digest and returns it in lowercase, so that an
     * uppercase checksum in a machine definition matches (the original's never did).
     *
     * @param property the property name for the message, e.g. {@code checksum}
     * @param value    the configured digest, surrounding white space ignored; null is rejected
     * @return 64 lowercase hex characters
     * @throws ArchiveException when {@code value} is not 64 hex characters
     */
    public static String normalise(String property, String value) throws ArchiveException {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.length() != 64 || !trimmed.chars().allMatch(HexFormat::isHexDigit)) {
            throw new ArchiveException(property + " '" + value + "' is not a sha-256 digest of 64 hex characters");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }
}

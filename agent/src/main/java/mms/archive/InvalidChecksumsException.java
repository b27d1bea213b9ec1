package mms.archive;

/**
 * A checksums file ({@code SHA256SUMS}) could not be used: it is missing, its own digest is wrong,
 * or a line does not follow the grammar.
 */
public final class InvalidChecksumsException extends ArchiveException {

    /** @param message what is wrong, naming the file or line */
    public InvalidChecksumsException(String message) {
        super(message);
    }
}

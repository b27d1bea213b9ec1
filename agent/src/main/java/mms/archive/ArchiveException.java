package mms.archive;

/**
 * A download, extraction, verification or installation failed. The message is lowercase, names the
 * source, entry or file concerned and says why; subclasses carry the details as data.
 */
public class ArchiveException extends Exception {

    /** @param message what failed, where and why */
    public ArchiveException(String message) {
        super(message);
    }

    /**
     * @param message what failed, where and why
     * @param cause   the underlying failure, may be {@code null}
     */
    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

package mms.archive;

import java.util.Optional;

/**
 * A downloaded archive's content did not pass verification against its checksums file: the file is
 * missing or malformed, its own digest differs from {@code verify_checksum}, or listed files fail.
 * The archive watcher reports this as {@code verify_failed} rather than a generic error.
 */
public final class ContentVerificationException extends ArchiveException {

    private final transient VerificationResult result;

    /**
     * @param message what failed, naming the archive
     * @param result  the per-file result when verification ran, {@code null} when the checksums file
     *                itself could not be used
     * @param cause   the underlying failure, may be {@code null}
     */
    public ContentVerificationException(String message, VerificationResult result, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    /** The per-file result, when the checksums file was usable. */
    public Optional<VerificationResult> result() {
        return Optional.ofNullable(result);
    }
}

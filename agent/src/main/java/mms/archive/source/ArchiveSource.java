package mms.archive.source;

import java.io.IOException;

/**
 * A place an archive can be downloaded from. Implementations are immutable and may be opened more
 * than once; each {@link #open()} starts a fresh transfer.
 */
public interface ArchiveSource {

    /**
     * Starts the transfer and returns the body. The caller must close the returned stream.
     *
     * @return the opened body with its announced length, never {@code null}
     * @throws IOException          when the source cannot be reached, refuses the request (for HTTP
     *                              a non-2xx status, see {@link HttpStatusException}) or times out;
     *                              reads from the body may fail the same way
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    SourceStream open() throws IOException, InterruptedException;

    /**
     * The source as it may appear in logs and error messages: without user information or query
     * string, so never with credentials.
     */
    String description();
}

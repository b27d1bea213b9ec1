package mms.http;

import java.io.IOException;

/**
 * A path of the HTTP listener that answers {@code GET} with server-sent events
 * ({@code text/event-stream}): a long response the server writes to whenever it has news, which a
 * browser's {@code EventSource} reads and reopens by itself after a failure. Called on a virtual
 * thread per client, possibly concurrently; it sends until the client goes away (a send throws
 * {@link IOException}) or the listener closes (the thread is interrupted).
 */
@FunctionalInterface
public interface EventStream {

    /**
     * Sends events to one client, then returns.
     *
     * @param events where to send them, not null
     * @throws IOException when a send fails: the client went away
     * @throws InterruptedException when the listener closes
     */
    void stream(ServerSentEvents events) throws IOException, InterruptedException;
}

package mms.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The writing end of one {@link EventStream} response, in the
 * <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html">server-sent events</a>
 * format. Each call writes one complete message and flushes it, so the client sees it at once. Not
 * thread safe: one stream writes to it.
 */
public final class ServerSentEvents {
    private final OutputStream out;

    ServerSentEvents(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Sends an event.
     *
     * @param event its type, what the client's {@code addEventListener} names; a single line
     * @param data  its data; may span lines
     * @throws IOException when the client went away
     * @throws IllegalArgumentException when {@code event} is empty or spans lines
     */
    public void send(String event, String data) throws IOException {
        if (event.isEmpty() || event.contains("\n") || event.contains("\r")) {
            throw new IllegalArgumentException("an event type is one non-empty line, got '" + event + "'");
        }
        StringBuilder message = new StringBuilder(data.length() + event.length() + 16);
        message.append("event: ").append(event).append('\n');
        data.lines().forEach(line -> message.append("data: ").append(line).append('\n'));
        if (data.isEmpty()) {
            message.append("data: \n");
        }
        write(message.append('\n'));
    }

    /**
     * Sends a comment, which clients ignore: it keeps an idle connection open through proxies and
     * tells the server when the client went away.
     *
     * @throws IOException when the client went away
     */
    public void comment(String text) throws IOException {
        StringBuilder message = new StringBuilder();
        text.lines().forEach(line -> message.append(": ").append(line).append('\n'));
        write(message.append('\n'));
    }

    /**
     * Tells the client how long to wait before it reconnects after the connection is lost.
     *
     * @throws IOException when the client went away
     */
    public void retry(Duration delay) throws IOException {
        write(new StringBuilder("retry: ").append(delay.toMillis()).append("\n\n"));
    }

    private void write(CharSequence message) throws IOException {
        out.write(message.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

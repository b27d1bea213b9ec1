package mms.archive.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import mms.duration.GoDuration;

/**
 * Downloads over {@code http://} or {@code https://} with the JDK {@link HttpClient}.
 *
 * <ul>
 *   <li>Redirects are followed ({@link HttpClient.Redirect#NORMAL}): at most 5 (the JDK's
 *       {@code jdk.httpclient.redirects.retrylimit}), only to http and https, never from https to
 *       http; a redirect not followed fails with a status error saying why.</li>
 *   <li>Basic authentication is sent preemptively when a user name is configured, as the original
 *       does; the JDK client drops it once a redirect leads to another host (another name for the
 *       same address counts as another host), so credentials never leave the server they were
 *       configured for.</li>
 *   <li>No {@code Accept-Encoding} is sent and a {@code Content-Encoding} is not decoded: the bytes
 *       saved are the bytes served, which is what the {@code checksum} is of.</li>
 *   <li>The final status must be 2xx, otherwise {@link #open()} throws {@link HttpStatusException};
 *       the original saved error pages and only failed on their checksum.</li>
 *   <li>{@link HttpSourceOptions#connectTimeout()} bounds connecting;
 *       {@link HttpSourceOptions#timeout()} bounds everything up to the last body byte: once it
 *       passes the body is closed and reads fail with {@link HttpTimeoutException}.</li>
 * </ul>
 *
 * Clients are shared between sources with the same TLS mode and connect timeout, so creating a
 * source per check costs nothing.
 */
public final class HttpSource implements ArchiveSource {

    private static final ScheduledExecutorService DEADLINES = deadlineExecutor();

    private final URI uri;
    private final HttpSourceOptions options;

    /**
     * @param uri     an absolute {@code http} or {@code https} URI, never {@code null}
     * @param options authentication, TLS and timeouts, never {@code null}
     * @throws IllegalArgumentException when the scheme is not http or https or the host is missing
     */
    public HttpSource(URI uri, HttpSourceOptions options) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.options = Objects.requireNonNull(options, "options");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url " + description() + " is not an http or https url");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("url " + description() + " has no host");
        }
    }

    @Override
    public String description() {
        return ArchiveSources.describe(uri);
    }

    @Override
    public SourceStream open() throws IOException, InterruptedException {
        long deadlineNanos = System.nanoTime() + options.timeout().toNanos();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(options.timeout())
                .header("User-Agent", options.userAgent());
        if (options.username().isPresent()) {
            String pair = options.username().get() + ":" + options.password().orElse("");
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> response;
        try {
            response = HttpClients.client(options.insecure(), options.connectTimeout())
                    .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new HttpTimeoutException("http request for " + description() + " timed out: no response within "
                    + GoDuration.format(options.timeout()));
        } catch (IOException e) {
            throw new IOException("http request for " + description() + " failed: " + e, e);
        }
        InputStream body = response.body();
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            body.close();
            Optional<String> location = response.headers().firstValue("location");
            if (status >= 300 && status <= 399 && location.isPresent()) {
                throw new HttpStatusException(description(), status, unfollowed(response, location.get()));
            }
            throw new HttpStatusException(description(), status);
        }
        OptionalLong length = response.headers().firstValueAsLong("content-length");
        long remaining = deadlineNanos - System.nanoTime();
        return new SourceStream(new DeadlineInputStream(body, remaining, description(), options.timeout()), length);
    }

    /**
     * Why the client handed back a redirect instead of following it: the target's scheme, a
     * downgrade to http, or the client's redirect limit ({@code jdk.httpclient.redirects.retrylimit},
     * 5 by default) — a loop, most likely.
     */
    private static String unfollowed(HttpResponse<?> response, String location) {
        URI next;
        try {
            next = response.uri().resolve(location);
        } catch (IllegalArgumentException e) {
            return "redirected to an invalid location";
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "redirected to " + ArchiveSources.describe(next) + ", only http and https are followed";
        }
        if (scheme.equals("http") && "https".equalsIgnoreCase(response.uri().getScheme())) {
            return "redirected from https to " + ArchiveSources.describe(next) + ", a downgrade is not followed";
        }
        int followed = 0;
        for (Optional<? extends HttpResponse<?>> earlier = response.previousResponse(); earlier.isPresent();
                earlier = earlier.get().previousResponse()) {
            followed++;
        }
        return "gave up after " + followed + " redirects (a loop?), the next to " + ArchiveSources.describe(next);
    }

    private static ScheduledExecutorService deadlineExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "mms-archive-http-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * Closes the body when the overall deadline passes; closing the JDK's response stream wakes a
     * blocked reader, which then sees {@link HttpTimeoutException} instead of a bare "closed".
     */
    private static final class DeadlineInputStream extends FilterInputStream {
        private final ScheduledFuture<?> timer;
        private final String description;
        private final Duration timeout;
        private volatile boolean expired;

        DeadlineInputStream(InputStream in, long remainingNanos, String description, Duration timeout) {
            super(in);
            this.description = description;
            this.timeout = timeout;
            this.timer = DEADLINES.schedule(this::expire, Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
        }

        private void expire() {
            expired = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // the reader learns about the deadline from the flag
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkExpired();
            try {
                int n = in.read(b, off, len);
                checkExpired();
                return n;
            } catch (IOException e) {
                checkExpired();
                throw new IOException("reading the body of " + description + " failed: " + reason(e), e);
            }
        }

        /**
         * The JDK reports a broken body (bad chunking, fewer bytes than {@code Content-Length}) as a
         * bare "closed" whose cause says what happened.
         */
        private static String reason(IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && !t.getMessage().equals("closed")) {
                    return t.getMessage();
                }
            }
            return String.valueOf(e.getMessage());
        }

        private void checkExpired() throws HttpTimeoutException {
            if (expired) {
                throw new HttpTimeoutException("the transfer did not finish within " + GoDuration.format(timeout));
            }
        }

        @Override
        public void close() throws IOException {
            timer.cancel(false);
            in.close();
        }
    }
}

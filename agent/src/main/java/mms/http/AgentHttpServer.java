package mms.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import mms.time.FailureSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP listener, also the fleet dashboard's: the JDK's server, a virtual thread per
 * request, a fixed map of paths to {@link Endpoint}s and {@link EventStream}s, and the
 * {@link Routes} that watchers serve while they run. Endpoints and streams serve only {@code GET}
 * and {@code HEAD} ({@code 405} otherwise); routes see every method and the body (at most
 * {@link Routes#MAX_BODY} bytes, {@code 413} otherwise), and a request that may change something
 * (any method but {@code GET} and {@code HEAD}) is refused with {@code 403} when a browser says it
 * comes from another site ({@code Origin} not this listener, or {@code Sec-Fetch-Site}
 * {@code cross-site} or {@code same-site}), so a web page cannot flip a switch. A path that is in
 * none of them, {@code /} included, is {@code 404}. A failing endpoint answers {@code 500} and is logged once at WARN, again
 * at most every ten minutes while it keeps failing, since a scraper asks every few seconds. Every
 * response says {@code Cache-Control: no-store}, {@code X-Content-Type-Options: nosniff} and a
 * {@code Content-Security-Policy} that lets a page load nothing but what this listener serves.
 * Thread safe.
 */
public final class AgentHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttpServer.class);
    private static final Duration FAILURE_REMINDER = Duration.ofMinutes(10);
    /** How long {@link #close()} lets requests in progress finish. */
    private static final int STOP_SECONDS = 1;
    /** The media type of server-sent events. */
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    /** Pages may load scripts, styles, images and data from this listener only. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, EventStream> streams;
    private final Routes routes;
    private final Map<String, FailureSeries> failures = new ConcurrentHashMap<>();
    /** The threads writing event streams now, interrupted by {@link #close()}: they would not end by themselves. */
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    private AgentHttpServer(HttpServer server, ExecutorService executor, Map<String, Endpoint> endpoints,
                            Map<String, EventStream> streams, Routes routes) {
        this.server = server;
        this.executor = executor;
        this.endpoints = endpoints;
        this.streams = streams;
        this.routes = routes;
    }

    /**
     * Binds {@code address} and serves {@code endpoints} until {@link #close()}.
     *
     * @param address   where to listen; port 0 picks a free port ({@link #address()} tells which)
     * @param endpoints the endpoints by exact path, e.g. {@code /metrics}; copied
     * @throws IOException when the address cannot be bound (in use, not local, not permitted)
     */
    public static AgentHttpServer start(InetSocketAddress address, Map<String, Endpoint> endpoints) throws IOException {
        return start(address, endpoints, Map.of());
    }

    /**
     * Binds {@code address} and serves {@code endpoints} and {@code streams} until {@link #close()}.
     *
     * @param address   where to listen; port 0 picks a free port ({@link #address()} tells which)
     * @param endpoints the endpoints by exact path; copied
     * @param streams   the event streams by exact path, none of them a path of {@code endpoints}; copied
     * @throws IOException when the address cannot be bound (in use, not local, not permitted)
     * @throws IllegalArgumentException when a path is both an endpoint and a stream
     */
    public static AgentHttpServer start(InetSocketAddress address, Map<String, Endpoint> endpoints,
                                        Map<String, EventStream> streams) throws IOException {
        return start(address, endpoints, streams, new Routes());
    }

    /**
     * Binds {@code address} and serves {@code endpoints}, {@code streams} and, on the paths that
     * are neither, whatever {@code routes} serves at the time of each request, until {@link #close()}.
     *
     * @param address   where to listen; port 0 picks a free port ({@link #address()} tells which)
     * @param endpoints the endpoints by exact path; copied
     * @param streams   the event streams by exact path, none of them a path of {@code endpoints}; copied
     * @param routes    the routes watchers serve while they run; not copied, not null
     * @throws IOException when the address cannot be bound (in use, not local, not permitted)
     * @throws IllegalArgumentException when a path is both an endpoint and a stream
     */
    public static AgentHttpServer start(InetSocketAddress address, Map<String, Endpoint> endpoints,
                                        Map<String, EventStream> streams, Routes routes) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(routes, "routes");
        Map<String, Endpoint> paths = Map.copyOf(endpoints);
        Map<String, EventStream> streamPaths = Map.copyOf(streams);
        streamPaths.keySet().stream().filter(paths::containsKey).findFirst().ifPresent(path -> {
            throw new IllegalArgumentException("path " + path + " is both an endpoint and an event stream");
        });
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        server.setExecutor(executor);
        AgentHttpServer agentServer = new AgentHttpServer(server, executor, paths, streamPaths, routes);
        server.createContext("/", agentServer::handle);
        server.start();
        return agentServer;
    }

    /** The address it listens on, with the port it was given when asked for port 0. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            EventStream stream = streams.get(path);
            if (stream != null && method.equals("GET")) {
                stream(exchange, path, stream);
                return;
            }
            Endpoint endpoint = endpoints.get(path);
            Optional<RequestHandler> route = endpoint == null && stream == null ? routes.find(path) : Optional.empty();
            Response response;
            if (route.isPresent()) {
                response = route(exchange, method, path, route.get());
                LOG.debug("http {} {} from {}: {}", method, path, exchange.getRemoteAddress(), response.status());
            } else if (stream != null && method.equals("HEAD")) {
                response = new Response(200, EVENT_STREAM, new byte[0]);
            } else if (endpoint == null && stream == null) {
                response = Response.text(404, "not found: " + path + "\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = Response.text(405, "method " + method + " is not allowed, only GET and HEAD\n");
            } else {
                response = respond(path, endpoint);
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(response.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    /** Hands a request to a route: the body read (bounded), cross-site changes refused. */
    private Response route(HttpExchange exchange, String method, String path, RequestHandler handler)
            throws IOException {
        boolean changes = !method.equals("GET") && !method.equals("HEAD");
        if (changes && fromAnotherSite(exchange)) {
            return Response.text(403, "requests from other sites are refused: " + method + " " + path + "\n");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(Routes.MAX_BODY + 1);
        }
        if (body.length > Routes.MAX_BODY) {
            return Response.text(413, "request body is larger than " + Routes.MAX_BODY + " bytes\n");
        }
        try {
            Response response = Objects.requireNonNull(
                    handler.handle(new Request(method.equals("HEAD") ? "GET" : method, path, body)),
                    "the route answered null");
            succeeded(path);
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.text(503, "the agent is stopping\n");
        } catch (RuntimeException e) {
            failed(path, e);
            return Response.text(500, "internal error: " + e.getMessage() + "\n");
        }
    }

    /**
     * Whether a browser says the request comes from a page of another site. Tools (curl, Home
     * Assistant, the JDK client) send neither header, so they are never refused.
     */
    private static boolean fromAnotherSite(HttpExchange exchange) {
        String fetchSite = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        return origin != null && !origin.equalsIgnoreCase("http://" + host);
    }

    private Response respond(String path, Endpoint endpoint) {
        try {
            Response response = Objects.requireNonNull(endpoint.get(), "the endpoint answered null");
            succeeded(path);
            return response;
        } catch (RuntimeException e) {
            failed(path, e);
            return Response.text(500, "internal error: " + e.getMessage() + "\n");
        }
    }

    /**
     * Answers with {@code stream} until it returns, the client goes away or {@link #close()}: the
     * response is sent in chunks, each event flushed as it is written.
     */
    private void stream(HttpExchange exchange, String path, EventStream stream) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", EVENT_STREAM);
        exchange.sendResponseHeaders(200, 0);
        Thread self = Thread.currentThread();
        streaming.add(self);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!closing) { // close() may have looked at the streams before this one was added
                stream.stream(new ServerSentEvents(out));
            }
            succeeded(path);
        } catch (IOException e) {
            LOG.debug("event stream {} ended: {}", path, e.toString()); // the client went away
        } catch (InterruptedException e) {
            LOG.debug("event stream {} ended: the listener closes", path);
        } catch (RuntimeException e) {
            failed(path, e);
        } finally {
            streaming.remove(self);
        }
    }

    private void succeeded(String path) {
        FailureSeries series = failures.computeIfAbsent(path, p -> new FailureSeries(FAILURE_REMINDER));
        synchronized (series) {
            if (series.succeeded()) {
                LOG.info("http endpoint {} answers again", path);
            }
        }
    }

    private void failed(String path, RuntimeException e) {
        FailureSeries series = failures.computeIfAbsent(path, p -> new FailureSeries(FAILURE_REMINDER));
        FailureSeries.Report report;
        synchronized (series) {
            report = series.failed(e.toString(), Instant.now());
        }
        switch (report) {
            case NEW -> LOG.warn("http endpoint {} failed: {}", path, e.toString(), e);
            case REMINDER -> LOG.warn("http endpoint {} still failing: {}", path, e.toString());
            case QUIET -> LOG.debug("http endpoint {} failed again: {}", path, e.toString());
        }
    }

    /**
     * Stops listening, ends the event streams, lets other requests in progress finish (at most about
     * a second), then returns. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        streaming.forEach(Thread::interrupt);
        server.stop(STOP_SECONDS);
        executor.close();
    }
}

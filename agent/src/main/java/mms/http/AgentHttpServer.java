package mms.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import mms.time.FailureSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP listener: the JDK's server, a virtual thread per request, and a fixed map of
 * paths to {@link Endpoint}s. Only {@code GET} and {@code HEAD} are served ({@code 405} otherwise);
 * a path that is not in the map, {@code /} included, is {@code 404}. A failing endpoint answers
 * {@code 500} and is logged once at WARN, again at most every ten minutes while it keeps failing,
 * since a scraper asks every few seconds. Thread safe.
 */
public final class AgentHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttpServer.class);
    private static final Duration FAILURE_REMINDER = Duration.ofMinutes(10);
    /** How long {@link #close()} lets requests in progress finish. */
    private static final int STOP_SECONDS = 1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, FailureSeries> failures = new ConcurrentHashMap<>();

    private AgentHttpServer(HttpServer server, ExecutorService executor, Map<String, Endpoint> endpoints) {
        this.server = server;
        this.executor = executor;
        this.endpoints = endpoints;
    }

    /**
     * Binds {@code address} and serves {@code endpoints} until {@link #close()}.
     *
     * @param address   where to listen; port 0 picks a free port ({@link #address()} tells which)
     * @param endpoints the endpoints by exact path, e.g. {@code /metrics}; copied
     * @throws IOException when the address cannot be bound (in use, not local, not permitted)
     */
    public static AgentHttpServer start(InetSocketAddress address, Map<String, Endpoint> endpoints) throws IOException {
        Objects.requireNonNull(address, "address");
        Map<String, Endpoint> paths = Map.copyOf(endpoints);
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        server.setExecutor(executor);
        AgentHttpServer agentServer = new AgentHttpServer(server, executor, paths);
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
            Endpoint endpoint = endpoints.get(path);
            Response response;
            if (endpoint == null) {
                response = Response.text(404, "not found: " + path + "\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = Response.text(405, "method " + method + " is not allowed, only GET and HEAD\n");
            } else {
                response = respond(path, endpoint);
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
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

    private Response respond(String path, Endpoint endpoint) {
        FailureSeries series = failures.computeIfAbsent(path, p -> new FailureSeries(FAILURE_REMINDER));
        try {
            Response response = Objects.requireNonNull(endpoint.get(), "the endpoint answered null");
            synchronized (series) {
                if (series.succeeded()) {
                    LOG.info("http endpoint {} answers again", path);
                }
            }
            return response;
        } catch (RuntimeException e) {
            FailureSeries.Report report;
            synchronized (series) {
                report = series.failed(e.toString(), Instant.now());
            }
            switch (report) {
                case NEW -> LOG.warn("http endpoint {} failed: {}", path, e.toString(), e);
                case REMINDER -> LOG.warn("http endpoint {} still failing: {}", path, e.toString());
                case QUIET -> LOG.debug("http endpoint {} failed again: {}", path, e.toString());
            }
            return Response.text(500, "internal error: " + e.getMessage() + "\n");
        }
    }

    /** Stops listening, lets requests in progress finish (at most about a second), then returns. Idempotent. */
    @Override
    public void close() {
        server.stop(STOP_SECONDS);
        executor.close();
    }
}

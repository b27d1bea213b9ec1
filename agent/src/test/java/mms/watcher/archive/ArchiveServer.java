package mms.watcher.archive;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 serving byte arrays by path, for archive tests and the benchmark. */
public final class ArchiveServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    /** Requests served, by path. */
    public final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    /** Starts a server on an ephemeral loopback port; {@code /status/NNN} answers with that status. */
    public ArchiveServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code body} at {@code path}; with {@code userPassword} ({@code user:pass}) only to basic auth. */
    public String serve(String path, byte[] body, String userPassword) {
        files.put(path, body);
        if (userPassword != null) {
            credentials.put(path, "Basic " + Base64.getEncoder().encodeToString(
                    userPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return url(path);
    }

    /** Serves {@code body} at {@code path} to anyone. */
    public String serve(String path, byte[] body) {
        return serve(path, body, null);
    }

    /** The URL of {@code path} on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.startsWith("/status/")) {
            send(exchange, Integer.parseInt(path.substring("/status/".length())), "error page".getBytes());
            return;
        }
        byte[] body = files.get(path);
        if (body == null) {
            send(exchange, 404, "not found".getBytes());
            return;
        }
        String expected = credentials.get(path);
        if (expected != null && !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "unauthorised".getBytes());
            return;
        }
        send(exchange, 200, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package mms.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A deliberately badly behaved HTTP/1.1 server on a loopback address: each path answers with raw
 * bytes written by a script, so responses can lie, stall, trickle or break the protocol in ways
 * {@code com.sun.net.httpserver} refuses to. Scripts that wait use {@link #hold()}, released on
 * {@link #close()}; nothing here sleeps to synchronise with the test.
 */
final class ScriptedHttpServer implements AutoCloseable {

    /** One received request: its path (with query) and headers, names in lower case. */
    record Request(String path, Map<String, String> headers) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** Writes the whole response, status line included, for one request. */
    @FunctionalInterface
    interface Script {
        void answer(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    /** Listens on {@code address} (e.g. {@code 127.0.0.1} or {@code 127.0.0.2}), on a free port. */
    ScriptedHttpServer(String address) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName(address));
        threads.add(Thread.ofVirtual().name("scripted-http-accept").start(this::acceptLoop));
    }

    ScriptedHttpServer on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    /** {@code http://<address>:<port><path>}. */
    String url(String path) {
        return "http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort() + path;
    }

    int port() {
        return listener.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Blocks a script until the server is closed: a peer that goes silent. */
    void hold() throws InterruptedException {
        released.await();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connections.add(socket);
                threads.add(Thread.ofVirtual().name("scripted-http-connection").start(() -> serve(socket)));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) { // keep-alive: the client may send the next request on the same connection
                Optional<Request> request = readHead(in);
                if (request.isEmpty()) {
                    return;
                }
                requests.add(request.get());
                String path = request.get().path();
                String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                Script script = scripts.getOrDefault(bare,
                        (r, o) -> o.write(head(404, "Content-Length: 0")));
                script.answer(request.get(), out);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away, which hostile answers provoke
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Request> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return Optional.empty();
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return Optional.of(new Request(lines[0].split(" ")[1], headers));
    }

    /** A status line and header lines, ending with the blank line. */
    static byte[] head(int status, String... headers) {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append(" Whatever\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        released.countDown();
        listener.close();
        for (Socket socket : connections) {
            socket.close();
        }
        for (Thread thread : new ArrayList<>(threads)) {
            thread.join();
        }
    }
}

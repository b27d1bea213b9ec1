package mms.archive.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP clients every {@link HttpSource} shares (one per TLS mode and connect timeout), and
 * their warm-up.
 *
 * <p>Why a warm-up: in a fresh JVM the first request spends most of a second (more on a busy host)
 * before it leaves: building the client initialises the default {@code SSLContext} (loading the
 * trust store), and the first exchange loads and links some two thousand classes of the HTTP and
 * TLS stacks. Later requests take milliseconds. {@link #warmUp()} does that work ahead of time, off
 * the path of the first download, without talking to any other host.
 */
final class HttpClients {
    private static final Logger LOG = LoggerFactory.getLogger(HttpClients.class);
    private static final Map<Key, HttpClient> CLIENTS = new ConcurrentHashMap<>();
    /** Bounds every step of the warm-up, which only talks to itself over loopback. */
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(10);

    private record Key(boolean insecure, Duration connectTimeout) {}

    private HttpClients() {}

    /** The shared client for this TLS mode and connect timeout, built on first use. */
    static HttpClient client(boolean insecure, Duration connectTimeout) {
        return CLIENTS.computeIfAbsent(new Key(insecure, connectTimeout), key -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(key.connectTimeout());
            if (key.insecure()) {
                builder.sslContext(trustingContext());
            }
            return builder.build();
        });
    }

    /**
     * Builds the default client ({@link HttpSourceOptions#defaults()}) and runs its code paths once:
     * a TLS client hello produced in memory, and one plain HTTP exchange with a one-shot listener on
     * the loopback interface of this process. Failures only cost the speed-up: they are logged at
     * DEBUG.
     */
    static void warmUp() {
        long started = System.nanoTime();
        HttpSourceOptions defaults = HttpSourceOptions.defaults();
        HttpClient client = client(defaults.insecure(), defaults.connectTimeout());
        try {
            helloInMemory(client.sslContext());
            exchangeOverLoopback(client, defaults.userAgent());
            LOG.debug("http client ready after {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.debug("warming up the http client failed, the first download will be slower: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Produces a client hello without sending it: loads the handshake code and generates key shares. */
    private static void helloInMemory(SSLContext context) throws SSLException {
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        engine.closeOutbound();
    }

    /** One GET answered by a listener of this process on the loopback interface, then closed. */
    private static void exchangeOverLoopback(HttpClient client, String userAgent) throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            listener.setSoTimeout((int) WARM_UP_TIMEOUT.toMillis());
            Thread answer = Thread.ofVirtual().name("mms-http-warm-up-answer").start(() -> answerOnce(listener));
            String host = loopback instanceof Inet6Address ? "[" + loopback.getHostAddress() + "]" : loopback.getHostAddress();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + listener.getLocalPort() + "/"))
                    .GET().timeout(WARM_UP_TIMEOUT).header("User-Agent", userAgent).build();
            try (InputStream body = client.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            answer.join(WARM_UP_TIMEOUT);
        }
    }

    private static void answerOnce(ServerSocket listener) {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout((int) WARM_UP_TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int total = 0;
            // read the request head; the client sends no body with GET
            while (total < buffer.length) {
                int n = in.read(buffer, total, buffer.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
                if (new String(buffer, 0, total, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    break;
                }
            }
            socket.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            LOG.debug("http client warm-up: the loopback answer failed: {}", e.toString());
        }
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an insecure tls context: " + e.getMessage(), e);
        }
    }

    /**
     * Trusts every certificate. It extends {@link X509ExtendedTrustManager} on purpose: the JDK wraps
     * plain {@code X509TrustManager}s in a wrapper that still checks the host name.
     */
    private static final class TrustingManager extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

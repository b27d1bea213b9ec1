package mms.archive.source;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK HTTP clients every {@link HttpSource} shares (one per TLS mode and connect timeout).
 *
 * <p>A client is built on the first download, not when the agent starts: building it initialises
 * the default {@code SSLContext} (loading the trust store) and the first exchange loads some two
 * thousand classes of the HTTP and TLS stacks. Done ahead of time, that cost an idle agent 13 MB
 * of resident memory for as long as it ran, for a first download that leaves about a second sooner.
 */
final class HttpClients {
    private static final Map<Key, HttpClient> CLIENTS = new ConcurrentHashMap<>();

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

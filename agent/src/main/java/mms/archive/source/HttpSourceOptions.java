package mms.archive.source;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link HttpSource} talks to its server.
 *
 * @param username       HTTP basic authentication user ({@code username}); empty for none
 * @param password       its password ({@code password}); required when {@code username} is present
 * @param insecure       {@code insecure}: when {@code true} TLS certificates and host names are not
 *                       verified. Default {@code false}
 * @param connectTimeout bound on establishing the TCP/TLS connection. Default {@value
 *                       #DEFAULT_CONNECT_TIMEOUT_SECONDS} s
 * @param timeout        bound on the whole transfer: request, redirects, headers and body. Default
 *                       {@value #DEFAULT_TIMEOUT_MINUTES} min, large enough for a 256 MiB archive
 *                       over a slow link; the archive watcher passes its own {@code timeout}
 * @param userAgent      the {@code User-Agent} header, never {@code null}
 */
public record HttpSourceOptions(Optional<String> username, Optional<String> password, boolean insecure,
                                Duration connectTimeout, Duration timeout, String userAgent) {

    /** Default connect timeout in seconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    /** Default overall timeout in minutes. */
    public static final long DEFAULT_TIMEOUT_MINUTES = 10;
    /** Default user agent, the original's prefix. */
    public static final String DEFAULT_USER_AGENT = "Choria Archive Watcher mms";

    /**
     * @throws IllegalArgumentException when a password is missing for a user name, or a timeout is
     *                                  not positive
     */
    public HttpSourceOptions {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(userAgent, "userAgent");
        username = username.filter(u -> !u.isEmpty());
        if (username.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException("password is required when username is given");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout " + connectTimeout + " must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
    }

    /** No authentication, TLS verified, default timeouts and user agent. */
    public static HttpSourceOptions defaults() {
        return new HttpSourceOptions(Optional.empty(), Optional.empty(), false,
                Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS), Duration.ofMinutes(DEFAULT_TIMEOUT_MINUTES),
                DEFAULT_USER_AGENT);
    }

    /** A copy using basic authentication. */
    public HttpSourceOptions withBasicAuth(String user, String pass) {
        return new HttpSourceOptions(Optional.of(user), Optional.of(pass), insecure, connectTimeout, timeout,
                userAgent);
    }

    /** A copy with TLS verification switched off ({@code true}) or on. */
    public HttpSourceOptions withInsecure(boolean skipVerification) {
        return new HttpSourceOptions(username, password, skipVerification, connectTimeout, timeout, userAgent);
    }

    /** A copy with other timeouts. */
    public HttpSourceOptions withTimeouts(Duration connect, Duration overall) {
        return new HttpSourceOptions(username, password, insecure, connect, overall, userAgent);
    }

    /** A copy with another user agent. */
    public HttpSourceOptions withUserAgent(String agent) {
        return new HttpSourceOptions(username, password, insecure, connectTimeout, timeout, agent);
    }

    @Override
    public String toString() { // never print the password
        return "HttpSourceOptions[username=" + username.orElse("") + ", insecure=" + insecure
                + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + ", userAgent=" + userAgent + "]";
    }
}

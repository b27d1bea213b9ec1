package mms.kv;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to and secure a NATS connection; ignored by the SQLite engine. At most one
 * of credentials file, NKey seed, user/password and token is normally set (NATS decides which it
 * accepts). TLS is used when a CA, or a client certificate and key, are given, or when a server
 * URL uses the {@code tls://} scheme. Files are read when the store is opened.
 *
 * @param credentials NATS credentials file (JWT + NKey seed, {@code .creds})
 * @param nkeySeed    file holding a user NKey seed ({@code SU...})
 * @param user        user name (with {@code password})
 * @param password    password (with {@code user})
 * @param token       authentication token
 * @param tlsCa       PEM file of CA certificates trusted for the server; absent = the JDK's trust store
 * @param tlsCert     PEM client certificate (chain) for mutual TLS, with {@code tlsKey}
 * @param tlsKey      PEM unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of {@code tlsCert}
 */
public record ConnectOptions(Optional<Path> credentials, Optional<Path> nkeySeed, Optional<String> user,
                             Optional<String> password, Optional<String> token, Optional<Path> tlsCa,
                             Optional<Path> tlsCert, Optional<Path> tlsKey) {

    /** No authentication, no TLS files. */
    public static final ConnectOptions NONE = new ConnectOptions(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Checks the pairs that only make sense together. */
    public ConnectOptions {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(nkeySeed, "nkeySeed");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tlsCa, "tlsCa");
        Objects.requireNonNull(tlsCert, "tlsCert");
        Objects.requireNonNull(tlsKey, "tlsKey");
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("a password needs a user");
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException("tls certificate and key go together: got "
                    + (tlsCert.isPresent() ? "certificate " + tlsCert.get() + " without a key" : "key " + tlsKey.get() + " without a certificate"));
        }
    }

    /** Returns a copy using a NATS credentials file. */
    public ConnectOptions withCredentials(Path file) {
        return new ConnectOptions(Optional.of(file), nkeySeed, user, password, token, tlsCa, tlsCert, tlsKey);
    }

    /** Returns a copy using an NKey seed file. */
    public ConnectOptions withNkeySeed(Path file) {
        return new ConnectOptions(credentials, Optional.of(file), user, password, token, tlsCa, tlsCert, tlsKey);
    }

    /** Returns a copy using user and password. */
    public ConnectOptions withUserPassword(String user, String password) {
        return new ConnectOptions(credentials, nkeySeed, Optional.of(user), Optional.of(password), token, tlsCa, tlsCert, tlsKey);
    }

    /** Returns a copy using a token. */
    public ConnectOptions withToken(String token) {
        return new ConnectOptions(credentials, nkeySeed, user, password, Optional.of(token), tlsCa, tlsCert, tlsKey);
    }

    /** Returns a copy trusting the CAs in a PEM file. */
    public ConnectOptions withTlsCa(Path caPem) {
        return new ConnectOptions(credentials, nkeySeed, user, password, token, Optional.of(caPem), tlsCert, tlsKey);
    }

    /** Returns a copy presenting a client certificate (PEM) and its PKCS#8 PEM key. */
    public ConnectOptions withTlsClient(Path certPem, Path keyPem) {
        return new ConnectOptions(credentials, nkeySeed, user, password, token, tlsCa, Optional.of(certPem), Optional.of(keyPem));
    }

    /** Returns true when any TLS file is configured. */
    public boolean usesTlsFiles() {
        return tlsCa.isPresent() || tlsCert.isPresent();
    }

    /** Describes the options without secrets. */
    @Override
    public String toString() {
        return "ConnectOptions[credentials=" + credentials.map(Path::toString).orElse("-")
                + ", nkeySeed=" + nkeySeed.map(Path::toString).orElse("-")
                + ", user=" + user.orElse("-") + ", password=" + (password.isPresent() ? "***" : "-")
                + ", token=" + (token.isPresent() ? "***" : "-")
                + ", tlsCa=" + tlsCa.map(Path::toString).orElse("-")
                + ", tlsCert=" + tlsCert.map(Path::toString).orElse("-")
                + ", tlsKey=" + tlsKey.map(Path::toString).orElse("-") + "]";
    }
}

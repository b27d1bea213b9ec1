package mms.watcher.nagios;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import mms.json.Json;

/**
 * When the agent's credentials expire, read from the files it connects to its store with: the
 * {@code notAfter} of its PEM client certificate, the {@code exp} claim of the user JWT in its
 * NATS credentials file. The {@code choria_status} builtin's {@code pubcert_expire} and
 * {@code token_expire} compare them with the clock, as the original compares its server's
 * certificate and token.
 */
final class CredentialExpiry {
    private static final String JWT_BEGIN = "-----BEGIN NATS USER JWT-----";

    private CredentialExpiry() {}

    /**
     * The end of validity of the first certificate in a PEM file.
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    static Instant certificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            return certificate.getNotAfter().toInstant();
        } catch (CertificateException | ClassCastException e) {
            throw new IOException("no X.509 certificate in " + pem + ": " + e.getMessage(), e);
        }
    }

    /**
     * The expiry of the user JWT in a NATS credentials file (or of a file holding just a JWT).
     *
     * @return the {@code exp} claim; empty when the token never expires
     * @throws IOException when the file cannot be read or holds no JWT
     */
    static Optional<Instant> token(Path credentials) throws IOException {
        String text = Files.readString(credentials, StandardCharsets.UTF_8);
        String jwt = text.strip();
        int begin = text.indexOf(JWT_BEGIN);
        if (begin >= 0) {
            jwt = text.substring(begin + JWT_BEGIN.length()).strip().lines().findFirst().orElse("").strip();
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IOException("no JWT in " + credentials);
        }
        JsonNode claims;
        try {
            claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            throw new IOException("the JWT in " + credentials + " cannot be decoded: " + e.getMessage(), e);
        }
        JsonNode exp = claims == null ? null : claims.get("exp");
        if (exp == null || !exp.isNumber() || exp.asLong() == 0) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(exp.asLong()));
    }
}

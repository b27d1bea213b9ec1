package mms.kv.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.StoreUnavailable;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of authenticating and securing the connection, against a real server configured for it. */
class JetStreamAuthTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsServer() {
        NatsServerExtension.requireBinary();
    }

    private static void roundTrip(String url, ConnectOptions options) throws Exception {
        try (KeyValueStore store = KeyValueStores.open(url, options)) {
            String bucket = NatsServerExtension.uniqueBucket("auth");
            store.createBucket(BucketConfig.of(bucket)).put("k", "v".getBytes(UTF_8));
            assertThat(store.bucket(bucket).get("k")).isPresent();
        }
    }

    @Test
    void tokenIsSentAndAWrongOneRefused() throws Exception {
        try (NatsServer server = NatsServer.start(dir.resolve("s"), List.of("--auth", "s3cret-token"))) {
            roundTrip(server.url(), ConnectOptions.NONE.withToken("s3cret-token"));
            assertThatThrownBy(() -> KeyValueStores.open(server.url(), ConnectOptions.NONE.withToken("wrong")))
                    .isInstanceOf(StoreUnavailable.class);
        }
    }

    @Test
    void userAndPasswordAreSent() throws Exception {
        try (NatsServer server = NatsServer.start(dir.resolve("s"), List.of("--user", "mms", "--pass", "pw-1"))) {
            roundTrip(server.url(), ConnectOptions.NONE.withUserPassword("mms", "pw-1"));
            assertThatThrownBy(() -> KeyValueStores.open(server.url(), ConnectOptions.NONE))
                    .isInstanceOf(StoreUnavailable.class);
        }
    }

    @Test
    void nkeySeedFileSignsTheServerNonce() throws Exception {
        NKey user = NKey.createUser(null);
        Path seed = dir.resolve("user.nk");
        Files.writeString(seed, new String(user.getSeed()) + "\n");
        Path conf = dir.resolve("nkey.conf");
        Files.writeString(conf, "authorization { users = [ { nkey: \"" + new String(user.getPublicKey()) + "\" } ] }\n");
        try (NatsServer server = NatsServer.start(dir.resolve("s"), List.of("-c", conf.toString()))) {
            roundTrip(server.url(), ConnectOptions.NONE.withNkeySeed(seed));
        }
    }

    @Test
    void mutualTlsWithPemCaCertificateAndKey() throws Exception {
        Path pki = dir.resolve("pki");
        Files.createDirectories(pki);
        Assumptions.assumeTrue(openssl(pki, "version"), "openssl is needed to make test certificates");
        Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        Files.writeString(pki.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        assertThat(openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "1", "-subj", "/CN=mms-test-ca")).isTrue();
        for (String who : List.of("server", "client")) {
            assertThat(openssl(pki, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
                    "-subj", "/CN=" + who)).isTrue();
            assertThat(openssl(pki, "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", who + ".pem", "-days", "1", "-extfile", who + ".ext")).isTrue();
        }
        Path conf = dir.resolve("tls.conf");
        Files.writeString(conf, "tls { cert_file: \"" + pki.resolve("server.pem") + "\", key_file: \"" + pki.resolve("server.key")
                + "\", ca_file: \"" + pki.resolve("ca.pem") + "\", verify: true }\n");
        try (NatsServer server = NatsServer.start(dir.resolve("s"), List.of("-c", conf.toString()))) {
            ConnectOptions tls = ConnectOptions.NONE.withTlsCa(pki.resolve("ca.pem"))
                    .withTlsClient(pki.resolve("client.pem"), pki.resolve("client.key"));
            roundTrip(server.url(), tls);
            assertThatThrownBy(() -> KeyValueStores.open(server.url(), ConnectOptions.NONE.withTlsCa(pki.resolve("ca.pem"))))
                    .isInstanceOf(StoreUnavailable.class);
        }
    }

    private static boolean openssl(Path cwd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(cwd.resolve("openssl.log").toFile()).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

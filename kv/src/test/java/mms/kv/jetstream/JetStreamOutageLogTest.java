package mms.kv.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.LogCapture;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees in the log while the nats-server is down: one line when it goes, one when it is back. */
class JetStreamOutageLogTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static long failedAttempts(LogCapture log) {
        return log.messagesAt(Level.DEBUG).stream().filter(m -> m.endsWith(" failed") && m.contains("reconnect attempt")).count();
    }

    @Test
    void anOutageIsLoggedWhenItBeginsAndEndsNotOnEveryReconnectAttempt() throws Exception {
        NatsServerExtension.requireBinary();
        try (LogCapture log = LogCapture.of("mms.kv.jetstream", Level.DEBUG);
             NatsServer server = NatsServer.start(dir.resolve("nats"), List.of())) {
            try (KeyValueStore store = KeyValueStores.open(server.url(), ConnectOptions.NONE)) {
                KeyValueBucket kv = store.createBucket(BucketConfig.of(NatsServerExtension.uniqueBucket("outage")));
                String url = server.url();

                server.kill();
                await().atMost(WAIT).until(() -> failedAttempts(log) >= 5);
                assertThat(log.messages(Level.INFO)).containsExactly("nats connection to " + url + " lost, reconnecting");

                server.restart();
                await().atMost(WAIT).ignoreExceptions().until(() -> kv.put("k", "v".getBytes(UTF_8)) > 0);
                await().atMost(WAIT).until(() -> log.messages(Level.INFO).size() >= 2);
                assertThat(log.messages(Level.INFO)).hasSize(2);
                assertThat(log.messages(Level.INFO).getLast()).startsWith("nats connection to " + url + " restored after ");
            }
            assertThat(log.messages(Level.INFO)).as("closing the store is no outage").hasSize(2);
        }
    }
}

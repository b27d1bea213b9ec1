package mms.kv.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.StoreState;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NATS store's state follows its connection: lost when the server goes, connected when it is back. */
class JetStreamStoreStateTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void followsTheConnectionThroughAnOutage() throws Exception {
        NatsServerExtension.requireBinary();
        try (NatsServer server = NatsServer.start(dir.resolve("nats"), List.of())) {
            KeyValueStore store = KeyValueStores.open(server.url(), ConnectOptions.NONE);
            try (store) {
                assertThat(store.state()).isEqualTo(StoreState.CONNECTED);

                server.kill();
                await().atMost(WAIT).until(() -> store.state() == StoreState.RECONNECTING);

                server.restart();
                await().atMost(WAIT).until(() -> store.state() == StoreState.CONNECTED);
            }
            assertThat(store.state()).isEqualTo(StoreState.CLOSED);
        }
    }
}

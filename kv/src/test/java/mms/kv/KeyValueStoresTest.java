package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueStoresTest {
    @TempDir
    Path dir;

    @Test
    void sqliteUrlOpensTheFileCreatingItsDirectory() throws Exception {
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + dir.resolve("a/b/kv.db"), ConnectOptions.NONE)) {
            assertThat(store.description()).isEqualTo("sqlite:" + dir.resolve("a/b/kv.db"));
        }
    }

    @Test
    void rejectsMalformedUrlsNamingThem() {
        assertThatThrownBy(() -> KeyValueStores.open("sqlite:", ConnectOptions.NONE)).isInstanceOf(InvalidName.class)
                .hasMessageContaining("'sqlite:'");
        assertThatThrownBy(() -> KeyValueStores.open("http://x:1", ConnectOptions.NONE)).isInstanceOf(InvalidName.class)
                .hasMessageContaining("'http://x:1'");
        assertThatThrownBy(() -> KeyValueStores.open(" ", ConnectOptions.NONE)).isInstanceOf(InvalidName.class);
    }

    @Test
    void unreachableNatsIsStoreUnavailable() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> KeyValueStores.open("nats://127.0.0.1:" + port, ConnectOptions.NONE))
                .isInstanceOf(StoreUnavailable.class).hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void connectOptionsHideSecretsAndCheckPairs() {
        ConnectOptions o = ConnectOptions.NONE.withUserPassword("u", "hunter2").withToken("tok3n");
        assertThat(o.toString()).doesNotContain("hunter2").doesNotContain("tok3n").contains("u");
        assertThatThrownBy(() -> new ConnectOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(Path.of("c.pem")), Optional.empty()))
                .hasMessageContaining("c.pem");
    }

    @Test
    void bucketConfigNamesTheBadSetting() {
        assertThatThrownBy(() -> BucketConfig.of("B").withHistory(65)).hasMessageContaining("history 65");
        assertThatThrownBy(() -> BucketConfig.of("B").withTtl(Duration.ofMillis(10))).hasMessageContaining("ttl");
        assertThatThrownBy(() -> BucketConfig.of("B").withReplicas(0)).hasMessageContaining("replicas 0");
    }
}

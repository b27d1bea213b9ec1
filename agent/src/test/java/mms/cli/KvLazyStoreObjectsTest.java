package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import mms.config.AgentConfig.StoreSettings;
import mms.kv.ConnectOptions;
import mms.kv.ObjectStorage;
import mms.kv.StoreUnavailable;
import mms.kv.StoredObject;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent's lazily opened store offers object storage for NATS URLs only, before connecting. */
class KvLazyStoreObjectsTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Test
    void sqliteStoresOfferNoObjects(@TempDir Path dir) {
        try (KvLazyStore store = new KvLazyStore(new StoreSettings("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE))) {
            assertThat(store.objects()).isEmpty();
        }
    }

    @Test
    void natsStoresOfferObjectsBeforeConnectingAndConnectOnUse() throws Exception {
        try (KvLazyStore down = new KvLazyStore(new StoreSettings("nats://127.0.0.1:1", ConnectOptions.NONE))) {
            ObjectStorage objects = down.objects().orElseThrow();
            assertThatThrownBy(() -> objects.open("machines", "app.tgz")).isInstanceOf(StoreUnavailable.class);
        }
        try (KvLazyStore store = new KvLazyStore(new StoreSettings(NATS.url(), ConnectOptions.NONE))) {
            ObjectStorage objects = store.objects().orElseThrow();
            String bucket = NatsServerExtension.uniqueBucket("lazy");
            objects.put(bucket, "a/b", new ByteArrayInputStream(new byte[] {7, 8}));
            try (StoredObject o = objects.open(bucket, "a/b").orElseThrow()) {
                assertThat(o.body().readAllBytes()).containsExactly(7, 8);
            }
            assertThat(objects.list(bucket)).extracting(StoredObject.Info::name).containsExactly("a/b");
            assertThat(objects.delete(bucket, "a/b")).isTrue();
            assertThat(objects.list(bucket)).isEmpty();
        }
    }
}

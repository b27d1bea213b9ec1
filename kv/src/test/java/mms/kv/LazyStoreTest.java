package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's store: opened on first use, offering its facets before it connects, and every facet
 * on the one store it opens.
 */
class LazyStoreTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Test
    void refusesAMalformedUrlAtOnce() {
        assertThatThrownBy(() -> KeyValueStores.openLazily("nats:/oops", ConnectOptions.NONE))
                .isInstanceOf(InvalidName.class).hasMessageContaining("nats:/oops");
    }

    @Test
    void opensNothingBeforeFirstUse(@TempDir Path dir) throws Exception {
        try (KeyValueStore store = KeyValueStores.openLazily("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            assertThat(store.description()).isEqualTo("sqlite:" + dir.resolve("kv.db"));
            assertThat(dir.resolve("kv.db")).doesNotExist();
            store.createBucket(BucketConfig.of("CONFIG"));
            assertThat(dir.resolve("kv.db")).exists();
        }
    }

    @Test
    void isNotOpenUntilFirstUseThenConnectedUntilClosed(@TempDir Path dir) throws Exception {
        KeyValueStore store = KeyValueStores.openLazily("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
        assertThat(store.state()).isEqualTo(StoreState.NOT_OPEN);

        store.bucketNames();
        assertThat(store.state()).isEqualTo(StoreState.CONNECTED);

        store.close();
        assertThat(store.state()).isEqualTo(StoreState.CLOSED);
    }

    @Test
    void anUnreachableNatsStoreStaysNotOpen() throws Exception {
        try (KeyValueStore down = KeyValueStores.openLazily("nats://127.0.0.1:1", ConnectOptions.NONE)) {
            assertThatThrownBy(down::bucketNames).isInstanceOf(StoreUnavailable.class);

            assertThat(down.state()).isEqualTo(StoreState.NOT_OPEN);
        }
    }

    @Test
    void describesAnUnopenedNatsStoreWithoutItsCredentials() throws Exception {
        try (KeyValueStore store = KeyValueStores.openLazily("nats://app:s3cret@127.0.0.1:1", ConnectOptions.NONE)) {
            assertThat(store.description()).isEqualTo("nats://***@127.0.0.1:1");
        }
    }

    @Test
    void sqliteStoresOfferNoObjects(@TempDir Path dir) throws Exception {
        try (KeyValueStore store = KeyValueStores.openLazily("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            assertThat(store.objects()).isEmpty();
        }
    }

    @Test
    void natsStoresOfferObjectsBeforeConnectingAndConnectOnUse() throws Exception {
        try (KeyValueStore down = KeyValueStores.openLazily("nats://127.0.0.1:1", ConnectOptions.NONE)) {
            ObjectStorage objects = down.objects().orElseThrow();
            assertThatThrownBy(() -> objects.open("machines", "app.tgz")).isInstanceOf(StoreUnavailable.class);
        }
        try (KeyValueStore store = KeyValueStores.openLazily(NATS.url(), ConnectOptions.NONE)) {
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

    @Test
    void natsStoresSubscribeAndPublishOnTheStoreTheyOpen() throws Exception {
        try (KeyValueStore store = KeyValueStores.openLazily(NATS.url(), ConnectOptions.NONE)) {
            Messages messages = store.messages().orElseThrow();
            List<String> received = new CopyOnWriteArrayList<>();
            try (Messages.Subscription subscription = messages.subscribe("lazy.>",
                    (subject, body) -> received.add(subject + " " + new String(body, StandardCharsets.UTF_8)))) {
                messages.publish("lazy.a", "hello".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("lazy.a hello"));
            }
        }
    }

    @Test
    void anUnreachableNatsStoreOffersGovernorsAndMessagesButRefusesWorkWithTheReason() throws Exception {
        try (KeyValueStore down = KeyValueStores.openLazily("nats://127.0.0.1:1", ConnectOptions.NONE)) {
            GovernorStorage governors = down.governors();
            assertThatThrownBy(() -> governors.enter("g", "me", Duration.ofSeconds(1)))
                    .isInstanceOf(StoreUnavailable.class).hasMessageContaining("127.0.0.1:1");
            assertThat(down.messages()).isPresent();
        }
    }

    @Test
    void governorsAndBucketsShareTheOneStore(@TempDir Path dir) throws Exception {
        try (KeyValueStore store = KeyValueStores.openLazily("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            assertThat(store.messages()).isEmpty();
            store.governors().add("g", 1, Duration.ofMinutes(1), 1);
            try (Slot slot = store.governors().enter("g", "me", Duration.ofSeconds(5))) {
                assertThat(store.governors().view("g").holders()).hasSize(1);
            }
            assertThat(Files.exists(dir.resolve("kv.db"))).isTrue();
        }
    }
}

package mms.kv.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import mms.kv.BucketNotFound;
import mms.kv.ConnectOptions;
import mms.kv.InvalidName;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.ObjectStorage;
import mms.kv.StoredObject;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JetStreamObjectStorageTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    KeyValueStore store;
    ObjectStorage objects;

    @BeforeEach
    void open() throws Exception {
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        objects = store.objects().orElseThrow();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void storesAndStreamsAnObjectOfManyChunksWithSizeAndDigest() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        byte[] data = random(1_500_000);
        StoredObject.Info put = objects.put(bucket, "machines/app-1.0.0.tar.gz", new ByteArrayInputStream(data));
        String digest = "SHA-256=" + Base64.getUrlEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(put).isEqualTo(new StoredObject.Info(bucket, "machines/app-1.0.0.tar.gz", data.length, Optional.of(digest)));

        try (StoredObject o = objects.open(bucket, "machines/app-1.0.0.tar.gz").orElseThrow()) {
            assertThat(o.info()).isEqualTo(put);
            assertThat(o.body().readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void replacesAnObjectOfTheSameName() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        objects.put(bucket, "a", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        objects.put(bucket, "a", new ByteArrayInputStream(new byte[] {4}));
        try (StoredObject o = objects.open(bucket, "a").orElseThrow()) {
            assertThat(o.info().size()).isEqualTo(1);
            assertThat(o.body().readAllBytes()).containsExactly(4);
        }
    }

    @Test
    void storesAnEmptyObject() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        objects.put(bucket, "empty", InputStream.nullInputStream());
        try (StoredObject o = objects.open(bucket, "empty").orElseThrow()) {
            assertThat(o.info().size()).isZero();
            assertThat(o.body().readAllBytes()).isEmpty();
        }
    }

    @Test
    void closingEarlyStopsTheTransferAndLeavesTheStoreUsable() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        byte[] data = random(2_000_000);
        objects.put(bucket, "big", new ByteArrayInputStream(data));
        try (StoredObject o = objects.open(bucket, "big").orElseThrow()) {
            assertThat(o.body().readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(data, 10));
        }
        try (StoredObject o = objects.open(bucket, "big").orElseThrow()) {
            assertThat(o.body().readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aMissingObjectIsEmpty() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        objects.put(bucket, "present", new ByteArrayInputStream(new byte[] {1}));
        assertThat(objects.open(bucket, "absent")).isEmpty();
    }

    @Test
    void aMissingBucketIsBucketNotFound() {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        assertThatThrownBy(() -> objects.open(bucket, "x"))
                .isInstanceOf(BucketNotFound.class)
                .hasMessage("object store bucket not found: " + bucket);
    }

    @Test
    void rejectsInvalidNames() {
        assertThatThrownBy(() -> objects.open("no.dots", "x")).isInstanceOf(InvalidName.class)
                .hasMessageContaining("invalid bucket name 'no.dots'");
        assertThatThrownBy(() -> objects.open("ok", " ")).isInstanceOf(InvalidName.class)
                .hasMessage("object name is required");
    }

    @Test
    void sqliteStoresHaveNoObjects(@TempDir Path dir) throws Exception {
        try (KeyValueStore sqlite = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            assertThat(sqlite.objects()).isEmpty();
        }
    }
}

package mms.kv.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
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
import mms.kv.testing.ObjectTampering;
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
        Instant before = Instant.now();
        StoredObject.Info put = objects.put(bucket, "machines/app-1.0.0.tar.gz", new ByteArrayInputStream(data));
        String digest = "SHA-256=" + Base64.getUrlEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(put).isEqualTo(new StoredObject.Info(bucket, "machines/app-1.0.0.tar.gz", data.length,
                put.modified(), Optional.of(digest)));
        assertThat(put.modified()).isBetween(before, Instant.now());

        try (StoredObject o = objects.open(bucket, "machines/app-1.0.0.tar.gz").orElseThrow()) {
            // the store's time of the description, not the writer's clock put() reported
            assertThat(o.info()).usingRecursiveComparison().ignoringFields("modified").isEqualTo(put);
            assertThat(o.info().modified()).isCloseTo(put.modified(), within(5, ChronoUnit.SECONDS));
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
    void leavesTheContentStreamOpenForItsOwner() throws Exception {
        boolean[] closed = {false};
        InputStream content = new ByteArrayInputStream(new byte[] {1, 2}) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        objects.put(NatsServerExtension.uniqueBucket("obj"), "a", content);
        assertThat(closed[0]).isFalse();
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
            assertThat(o.body().readNBytes(10)).isEqualTo(Arrays.copyOf(data, 10));
        }
        try (StoredObject o = objects.open(bucket, "big").orElseThrow()) {
            assertThat(o.body().readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aReadOfContentThatNoLongerMatchesTheDigestFailsAtTheEnd() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        byte[] data = random(1_000_000);
        objects.put(bucket, "app.tgz", new ByteArrayInputStream(data));
        ObjectTampering.flipFirstByte(NATS.url(), bucket, "app.tgz", data);

        // repeated: the failure must win over the end of the stream every time, not by luck of scheduling
        for (int read = 0; read < 20; read++) {
            try (StoredObject o = objects.open(bucket, "app.tgz").orElseThrow()) {
                InputStream body = o.body();
                byte[] buffer = new byte[8192];
                assertThatThrownBy(() -> {
                    while (body.read(buffer) >= 0) {
                        // drain, as a download writing to a file does
                    }
                }).as("read %d", read)
                        .isInstanceOf(IOException.class)
                        .hasMessageStartingWith("reading object 'app.tgz' of bucket " + bucket + " failed: ")
                        .hasMessageContaining("Digest");
            }
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
                .hasMessage("object store bucket " + bucket + " not found in " + NATS.url());
    }

    @Test
    void listsTheObjectsOfABucketSortedByNameWithoutDeletedOnes() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        assertThat(objects.list(createdEmpty(bucket))).isEmpty();
        Instant before = Instant.now().minusSeconds(5);
        objects.put(bucket, "fleet/b.tgz", new ByteArrayInputStream(random(300_000)));
        objects.put(bucket, "a.tgz", new ByteArrayInputStream(new byte[] {1}));
        objects.put(bucket, "gone", new ByteArrayInputStream(new byte[] {2}));
        objects.delete(bucket, "gone");

        List<StoredObject.Info> list = objects.list(bucket);
        assertThat(list).extracting(StoredObject.Info::name).containsExactly("a.tgz", "fleet/b.tgz");
        assertThat(list).extracting(StoredObject.Info::size).containsExactly(1L, 300_000L);
        assertThat(list).allSatisfy(info -> {
            assertThat(info.bucket()).isEqualTo(bucket);
            assertThat(info.modified()).isBetween(before, Instant.now().plusSeconds(5));
            assertThat(info.digest()).hasValueSatisfying(d -> assertThat(d).startsWith("SHA-256="));
        });
    }

    /** Creates {@code bucket} empty: put, then delete, its only object. */
    private String createdEmpty(String bucket) throws Exception {
        objects.put(bucket, "seed", InputStream.nullInputStream());
        assertThat(objects.delete(bucket, "seed")).isTrue();
        return bucket;
    }

    @Test
    void deletesAnObjectSoThatItReadsAsMissing() throws Exception {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        objects.put(bucket, "fleet/app.tgz", new ByteArrayInputStream(random(200_000)));
        objects.put(bucket, "other", new ByteArrayInputStream(new byte[] {1}));

        assertThat(objects.delete(bucket, "fleet/app.tgz")).isTrue();
        assertThat(objects.open(bucket, "fleet/app.tgz")).isEmpty();
        try (StoredObject o = objects.open(bucket, "other").orElseThrow()) {
            assertThat(o.body().readAllBytes()).containsExactly(1);
        }
        assertThat(objects.delete(bucket, "fleet/app.tgz")).as("deleted already").isFalse();
        assertThat(objects.delete(bucket, "never")).as("never stored").isFalse();

        objects.put(bucket, "fleet/app.tgz", new ByteArrayInputStream(new byte[] {9}));
        try (StoredObject o = objects.open(bucket, "fleet/app.tgz").orElseThrow()) {
            assertThat(o.body().readAllBytes()).as("stored again after the delete").containsExactly(9);
        }
    }

    @Test
    void listAndDeleteInAMissingBucketAreBucketNotFound() {
        String bucket = NatsServerExtension.uniqueBucket("obj");
        assertThatThrownBy(() -> objects.list(bucket)).isInstanceOf(BucketNotFound.class)
                .hasMessage("object store bucket " + bucket + " not found in " + NATS.url());
        assertThatThrownBy(() -> objects.delete(bucket, "x")).isInstanceOf(BucketNotFound.class)
                .hasMessage("object store bucket " + bucket + " not found in " + NATS.url());
    }

    @Test
    void rejectsInvalidNames() {
        assertThatThrownBy(() -> objects.open("no.dots", "x")).isInstanceOf(InvalidName.class)
                .hasMessageContaining("invalid bucket name 'no.dots'");
        assertThatThrownBy(() -> objects.open("ok", " ")).isInstanceOf(InvalidName.class)
                .hasMessage("object name is required");
        assertThatThrownBy(() -> objects.list("no.dots")).isInstanceOf(InvalidName.class);
        assertThatThrownBy(() -> objects.delete("ok", "")).isInstanceOf(InvalidName.class)
                .hasMessage("object name is required");
    }

    @Test
    void sqliteStoresHaveNoObjects(@TempDir Path dir) throws Exception {
        try (KeyValueStore sqlite = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            assertThat(sqlite.objects()).isEmpty();
        }
    }
}

package mms.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live reader of the records and the specification, on the embedded store. */
class FleetFeedTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    KeyValueStore store;
    FleetFeed feed;

    @BeforeEach
    void open() throws Exception {
        store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
    }

    @AfterEach
    void close() {
        if (feed != null) {
            feed.close();
        }
        store.close();
    }

    static NodeStatus record(String identity) {
        return new NodeStatus(identity, "0.1.0", Instant.now(), Instant.now(), Duration.ofMinutes(1), false,
                Optional.empty(), List.of(), 0);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    KeyValueBucket statusBucket() throws Exception {
        return store.createBucket(BucketConfig.of(NodeStatus.BUCKET));
    }

    @Test
    void readsEveryRecordAndTheSpecificationThatExistWhenItOpens() throws Exception {
        KeyValueBucket status = statusBucket();
        status.put("web1", bytes(record("web1").toJson()));
        status.put("web2", bytes(record("web2").toJson()));
        status.put("junk", bytes("{\"protocol\":\"something else\"}"));
        String envelope = PublishedSpecificationTest.envelope("web");
        store.createBucket(BucketConfig.of("MACHINES").withHistory(5)).put("machines", bytes(envelope));

        feed = FleetFeed.open(store, "MACHINES", "machines");

        assertThat(feed.awaitInitial(WAIT)).isTrue();
        assertThat(feed.records().nodes()).extracting(NodeStatus::identity).containsExactlyInAnyOrder("web1", "web2");
        assertThat(feed.records().unreadable()).containsOnlyKeys("junk");
        assertThat(feed.specification()).hasValueSatisfying(s -> {
            assertThat(s.revision()).isEqualTo(1);
            assertThat(s.checksums()).containsOnlyKeys("web");
        });
        assertThat(feed.view(Instant.now(), Optional.empty()).reporting()).isEqualTo(2);
    }

    @Test
    void followsNewChangedAndRemovedRecordsAndANewSpecification() throws Exception {
        KeyValueBucket status = statusBucket();
        KeyValueBucket machines = store.createBucket(BucketConfig.of("MACHINES").withHistory(5));
        feed = FleetFeed.open(store, "MACHINES", "machines");
        assertThat(feed.awaitInitial(WAIT)).isTrue();
        assertThat(feed.specification()).isEmpty();

        status.put("web1", bytes(record("web1").toJson()));
        machines.put("machines", bytes(PublishedSpecificationTest.envelope("db")));

        await().atMost(WAIT).until(() -> feed.records().nodes().size() == 1 && feed.specification().isPresent());
        status.delete("web1");
        machines.delete("machines");
        await().atMost(WAIT).until(() -> feed.records().nodes().isEmpty() && feed.specification().isEmpty());
    }

    @Test
    void signalsAChange() throws Exception {
        KeyValueBucket status = statusBucket();
        feed = FleetFeed.open(store, "MACHINES", "machines");
        assertThat(feed.awaitInitial(WAIT)).isTrue();
        feed.awaitChange(Duration.ZERO); // forget the signals of the initial read

        status.put("web1", bytes(record("web1").toJson()));

        assertThat(feed.awaitChange(WAIT)).isTrue();
    }

    @Test
    void bucketsThatDoNotExistYetAreEmptyUntilTheyAppear() throws Exception {
        feed = FleetFeed.open(store, "MACHINES", "machines");

        assertThat(feed.awaitInitial(WAIT)).isTrue();
        assertThat(feed.records().nodes()).isEmpty();
        assertThat(feed.specification()).isEmpty();
        assertThat(feed.lastError()).isEmpty();

        statusBucket().put("web1", bytes(record("web1").toJson()));
        store.createBucket(BucketConfig.of("MACHINES")).put("machines", bytes(PublishedSpecificationTest.envelope("db")));

        await().atMost(WAIT).until(() -> feed.records().nodes().size() == 1 && feed.specification().isPresent());
    }
}

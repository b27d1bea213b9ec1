package mms.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import mms.kv.ConnectOptions;
import mms.kv.Entry;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.LogCapture;
import mms.runtime.MachineSnapshot;
import mms.time.ManualTimeSource;
import mms.watcher.SpecificationReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against the embedded store, on a manual clock: every write is one the test caused. */
class StatusPublisherTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    final ManualTimeSource time = new ManualTimeSource(T0);
    final AtomicReference<List<MachineSnapshot>> running =
            new AtomicReference<>(List.of(StatusComposerTest.machine("web", "1.0.0", "RUNNING")));
    KeyValueStore store;
    KeyValueStore reader;
    StatusPublisher publisher;

    StatusPublisher start(String url, String identity) throws Exception {
        store = KeyValueStores.openLazily(url, ConnectOptions.NONE);
        publisher = new StatusPublisher(new StatusPublisher.Options(identity, "0.1.0", T0, INTERVAL), store, time,
                new Random(1));
        publisher.start(running::get);
        return publisher;
    }

    StatusPublisher start() throws Exception {
        return start("sqlite:" + dir.resolve("kv.db"), "web1.example.net");
    }

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close();
        }
        if (store != null) {
            store.close();
        }
        if (reader != null) {
            reader.close();
        }
    }

    Optional<Entry> entry(String key) throws Exception {
        if (reader == null) {
            reader = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
        }
        if (!reader.bucketNames().contains(NodeStatus.BUCKET)) {
            return Optional.empty();
        }
        return reader.bucket(NodeStatus.BUCKET).get(key);
    }

    NodeStatus record() throws Exception {
        return NodeStatus.parse(entry("web1.example.net").orElseThrow().value());
    }

    long revision() throws Exception {
        return entry("web1.example.net").map(Entry::revision).orElse(0L);
    }

    /** Waits until the publisher is parked on the clock, with nothing left to do now. */
    void awaitIdle() {
        await().until(() -> time.waiters() == 1);
    }

    @Test
    void writesARecordAtStartInABucketItCreates() throws Exception {
        start();

        await().until(() -> entry("web1.example.net").isPresent());

        NodeStatus record = record();
        assertThat(record.identity()).isEqualTo("web1.example.net");
        assertThat(record.updated()).isEqualTo(T0);
        assertThat(record.heartbeat()).isEqualTo(INTERVAL);
        assertThat(record.stopped()).isFalse();
        assertThat(record.machines()).extracting(NodeStatus.MachineStatus::name).containsExactly("web");
    }

    @Test
    void changesWithinASecondAreWrittenTogether() throws Exception {
        start();
        await().until(() -> revision() > 0);
        awaitIdle();
        long first = revision();

        running.set(List.of(StatusComposerTest.machine("web", "1.0.0", "STOPPING")));
        publisher.report(StatusComposerTest.applied("9f86", java.util.Map.of(), T0));
        running.set(List.of(StatusComposerTest.machine("web", "2.0.0", "RUNNING")));
        publisher.report(StatusComposerTest.applied("9f86", java.util.Map.of(), T0));
        awaitIdle();
        assertThat(revision()).as("nothing written before a second passed").isEqualTo(first);

        time.advance(StatusPublisher.COALESCE);

        await().until(() -> revision() > first);
        awaitIdle();
        assertThat(revision()).isEqualTo(first + 1);
        assertThat(record().machines().getFirst().version()).contains("2.0.0");
        assertThat(record().specification().flatMap(NodeStatus.SpecificationStatus::decision))
                .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo("9f86"));
    }

    @Test
    void aChangeWithoutAnEventIsNoticedAtTheNextLook() throws Exception {
        start();
        await().until(() -> revision() > 0);
        awaitIdle();

        running.set(List.of(StatusComposerTest.machine("web", "2.0.0", "RUNNING"))); // a reload sends no event
        time.advance(StatusPublisher.COALESCE);

        await().until(() -> record().machines().getFirst().version().equals(Optional.of("2.0.0")));
    }

    @Test
    void nothingChangedMeansNoWriteUntilTheHeartbeat() throws Exception {
        start();
        await().until(() -> revision() > 0);
        long first = revision();
        for (int i = 0; i < 30; i++) { // half an interval, a second at a time: below the jittered heartbeat
            awaitIdle();
            time.advance(Duration.ofSeconds(1));
        }
        awaitIdle();
        assertThat(revision()).isEqualTo(first);

        time.advance(INTERVAL);

        await().until(() -> revision() > first);
        assertThat(record().updated()).isAfter(T0.plus(INTERVAL.dividedBy(2)));
    }

    @Test
    void aStoreThatIsDownGetsTheRecordWhenItIsBackAndIsLoggedOnce() throws Exception {
        Path blocked = Files.writeString(dir.resolve("state"), "a file where the store's directory should be");
        try (LogCapture log = LogCapture.of(StatusPublisher.class.getName(), Level.INFO)) {
            start("sqlite:" + blocked.resolve("kv.db"), "web1.example.net");
            for (int i = 0; i < 5; i++) {
                awaitIdle();
                time.advance(INTERVAL);
            }
            awaitIdle();
            assertThat(log.messagesAt(Level.WARN)).singleElement().satisfies(m ->
                    assertThat(m).startsWith("cannot write this node's status record to sqlite:" + blocked.resolve("kv.db")
                            + ", writing it when the store is back: "));

            Files.delete(blocked);
            Files.createDirectories(blocked);
            time.advance(INTERVAL);

            await().until(() -> Files.exists(blocked.resolve("kv.db")) && reader(blocked).isPresent());
            assertThat(log.messagesAt(Level.INFO)).anySatisfy(m ->
                    assertThat(m).startsWith("this node's status record is written to sqlite:" + blocked.resolve("kv.db")
                            + " again, after "));
            assertThat(log.messagesAt(Level.WARN)).hasSize(1);
        }
    }

    private Optional<Entry> reader(Path stateDir) throws Exception {
        try (KeyValueStore s = KeyValueStores.open("sqlite:" + stateDir.resolve("kv.db"), ConnectOptions.NONE)) {
            return s.bucketNames().contains(NodeStatus.BUCKET) ? s.bucket(NodeStatus.BUCKET).get("web1.example.net")
                    : Optional.empty();
        }
    }

    @Test
    void closingWritesALastRecordSayingTheAgentStopped() throws Exception {
        start();
        await().until(() -> revision() > 0);

        publisher.close();

        assertThat(record().stopped()).isTrue();
        assertThat(record().machines()).extracting(NodeStatus.MachineStatus::name).containsExactly("web");
    }

    @Test
    void anIdentityThatIsNoKeyIsStoredUnderItsEscapedKey() throws Exception {
        start("sqlite:" + dir.resolve("kv.db"), "web 1");

        await().until(() -> entry("web=201").isPresent());
        assertThat(NodeStatus.parse(entry("web=201").orElseThrow().value()).identity()).isEqualTo("web 1");
    }

    @Test
    void refusesAnIntervalBelowOneSecond() {
        assertThatThrownBy(() -> new StatusPublisher.Options("web1", "0.1.0", T0, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status interval 500ms is too small, minimum is 1s");
    }

    @Test
    void currentIsTheRecordAsItWouldBeWrittenNow() throws Exception {
        start();
        publisher.report(StatusComposerTest.applied("9f86", java.util.Map.of(), T0));

        NodeStatus now = publisher.current();

        assertThat(now.updated()).isEqualTo(time.instant());
        assertThat(now.specification().flatMap(NodeStatus.SpecificationStatus::decision))
                .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo("9f86"));
    }
}

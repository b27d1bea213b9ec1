package mms.kv.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvWatch;
import mms.kv.Operation;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A watch whose consumer is lost resumes after the last revision it delivered: no gap, no duplicate. */
class JetStreamWatchTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @TempDir
    Path dir;

    @Test
    void replacingTheConsumerWhileWritesGoOnDeliversEveryRevisionOnce() throws Exception {
        try (KeyValueStore store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of(NatsServerExtension.uniqueBucket("replace")));
            long first = kv.put("k0", "0".getBytes(UTF_8));
            try (KvWatch watch = kv.watch(">", WatchOptions.CURRENT_THEN_CHANGES)) {
                AtomicLong last = new AtomicLong();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        // a key per write: a revision superseded beyond the bucket's history before a
                        // replacement consumer reads it is legitimately gone from the stream
                        for (int i = 1; i <= 300; i++) {
                            last.set(kv.put("k" + i, Integer.toString(i).getBytes(UTF_8)));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                List<Long> revisions = new ArrayList<>();
                int endOfData = 0;
                // the only writer: its 300 puts are the next 300 revisions
                while (revisions.isEmpty() || revisions.getLast() < first + 300) {
                    WatchEvent e = watch.poll(WAIT).orElseThrow(() -> new AssertionError("watch stalled after " + revisions));
                    switch (e) {
                        case WatchEvent.Update(Entry entry) -> revisions.add(entry.revision());
                        case WatchEvent.EndOfInitialData ignored -> endOfData++;
                    }
                    if (revisions.size() % 25 == 0) {
                        ((JetStreamWatch) watch).replaceConsumer();
                    }
                }
                writer.join();
                assertThat(endOfData).isEqualTo(1);
                assertThat(last.get()).isEqualTo(first + 300);
                assertThat(revisions).containsExactlyElementsOf(LongStream.rangeClosed(first, last.get()).boxed().toList());
            }
        }
    }

    @Test
    void aReplacementBeforeTheEndOfInitialDataDeliversEachCurrentValueOnceAndTheEndOnce() throws Exception {
        try (KeyValueStore store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of(NatsServerExtension.uniqueBucket("initial")));
            List<Long> current = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                current.add(kv.put("k" + i, "v".getBytes(UTF_8)));
            }
            try (KvWatch watch = kv.watch(">", WatchOptions.CURRENT_THEN_CHANGES)) {
                ((JetStreamWatch) watch).replaceConsumer();
                List<Long> revisions = new ArrayList<>();
                while (watch.poll(WAIT).orElseThrow(() -> new AssertionError("watch stalled after " + revisions))
                        instanceof WatchEvent.Update(Entry entry)) {
                    revisions.add(entry.revision());
                    ((JetStreamWatch) watch).replaceConsumer();
                }
                assertThat(revisions).containsExactlyElementsOf(current);
                long change = kv.put("k0", "w".getBytes(UTF_8));
                assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().revision()).isEqualTo(change);
            }
        }
    }

    @Test
    void aChangesOnlyWatchThatDeliveredNothingResumesAfterWhereItStarted() throws Exception {
        try (KeyValueStore store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of(NatsServerExtension.uniqueBucket("changes")).withHistory(5));
            kv.put("spec", "v1".getBytes(UTF_8));
            try (KvWatch watch = kv.watch(">", WatchOptions.CHANGES_ONLY)) {
                assertThat(watch.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());
                ((JetStreamWatch) watch).replaceConsumer();
                long v2 = kv.put("spec", "v2".getBytes(UTF_8));
                assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().revision()).isEqualTo(v2);
            }
        }
    }

    @Test
    void aWatchResumesAfterItsServerIsKilledAndRestartedDeliveringEveryLaterRevisionOnce() throws Exception {
        NatsServerExtension.requireBinary();
        try (NatsServer server = NatsServer.start(dir.resolve("nats"), List.of());
             KeyValueStore store = KeyValueStores.open(server.url(), ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of(NatsServerExtension.uniqueBucket("restart")).withHistory(10));
            long v1 = kv.put("spec", "v1".getBytes(UTF_8));
            try (KvWatch watch = kv.watch(">", WatchOptions.CURRENT_THEN_CHANGES)) {
                assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().revision()).isEqualTo(v1);
                assertThat(watch.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());

                server.restart();
                AtomicLong last = new AtomicLong();
                // a put the client timed out on may still have been stored: revisions, not values, are compared
                await().atMost(WAIT).ignoreExceptions().until(() -> last.getAndSet(kv.put("spec", "v2".getBytes(UTF_8))) >= 0);
                last.set(kv.put("spec", "v3".getBytes(UTF_8)));

                List<Long> revisions = new ArrayList<>();
                while (revisions.isEmpty() || revisions.getLast() < last.get()) {
                    WatchEvent e = watch.poll(WAIT).orElseThrow(() -> new AssertionError("watch stalled after " + revisions));
                    revisions.add(((WatchEvent.Update) e).entry().revision());
                }
                assertThat(revisions).containsExactlyElementsOf(LongStream.rangeClosed(v1 + 1, last.get()).boxed().toList());

                long v4 = kv.put("spec", "v4".getBytes(UTF_8));
                assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().revision()).isEqualTo(v4);
            }
        }
    }

    @Test
    void aPurgeOfTheWatchedKeyAfterOtherKeysChangedIsDeliveredOnceAndTheWatchGoesOn() throws Exception {
        try (KeyValueStore store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of(NatsServerExtension.uniqueBucket("purgegap")).withHistory(5));
            try (KvWatch watch = kv.watch("spec", WatchOptions.CHANGES_ONLY)) {
                assertThat(watch.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());
                long v1 = kv.put("spec", "v1".getBytes(UTF_8));
                assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().revision()).isEqualTo(v1);
                kv.put("other", "x".getBytes(UTF_8));
                kv.put("other", "y".getBytes(UTF_8));
                // a gap before the purge marker: read again once, then delivered once
                kv.purge("spec");
                Entry purge = ((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry();
                assertThat(purge.operation()).isEqualTo(Operation.PURGE);
                long v2 = kv.put("spec", "v2".getBytes(UTF_8));
                assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().revision()).isEqualTo(v2);
                assertThat(watch.poll(Duration.ofMillis(200))).isEmpty();
            }
        }
    }

    /**
     * nats-server 2.9 moves a consumer's cursor to a subject purge's marker, skipping other keys'
     * revisions not yet delivered; before the watch read such gaps again, about 1 in 150 of these
     * rounds lost the delete on a loaded machine.
     */
    @Test
    void aDeleteOfOneKeyIsNotLostToAPurgeOfAnotherRightAfterIt() throws Exception {
        try (KeyValueStore store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE)) {
            for (int round = 0; round < 150; round++) {
                KeyValueBucket kv = store.createBucket(BucketConfig.of(NatsServerExtension.uniqueBucket("purgerace")).withHistory(5));
                kv.put("a", "a1".getBytes(UTF_8));
                kv.put("b", "b1".getBytes(UTF_8));
                try (KvWatch watch = kv.watch(">", WatchOptions.CHANGES_ONLY)) {
                    assertThat(watch.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());
                    kv.put("b", "b2".getBytes(UTF_8));
                    assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().key()).isEqualTo("b");
                    kv.delete("a");
                    kv.purge("b");
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        Entry e = ((WatchEvent.Update) watch.poll(WAIT).orElseThrow(
                                () -> new AssertionError("watch stalled after " + seen))).entry();
                        seen.add(e.key() + " " + e.operation());
                    }
                    assertThat(seen).as("round %d", round).containsExactly("a DELETE", "b PURGE");
                }
                store.removeBucket(kv.name());
            }
        }
    }
}

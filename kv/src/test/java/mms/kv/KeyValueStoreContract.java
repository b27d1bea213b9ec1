package mms.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mms.kv.testing.NatsServerExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link KeyValueStore} engine must show; one subclass per engine. Each test
 * uses its own bucket, so engines may share one store across tests.
 */
public abstract class KeyValueStoreContract {
    /** Generous: a loaded two-core machine and a JetStream cluster must pass too. */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    protected KeyValueStore store;
    protected String bucketName;

    /** Opens the store under test. */
    protected abstract KeyValueStore openStore() throws Exception;

    @BeforeEach
    void openStoreAndName(TestInfo info) throws Exception {
        store = openStore();
        bucketName = NatsServerExtension.uniqueBucket(info.getTestMethod().orElseThrow().getName().substring(0, 12));
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected KeyValueBucket bucket(int history) throws KvException {
        return store.createBucket(BucketConfig.of(bucketName).withHistory(history));
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static Entry nextUpdate(KvWatch w) throws Exception {
        WatchEvent e = w.poll(WAIT).orElseThrow(() -> new AssertionError("no watch event within " + WAIT));
        assertThat(e).isInstanceOf(WatchEvent.Update.class);
        return ((WatchEvent.Update) e).entry();
    }

    private static void expectEndOfInitialData(KvWatch w) throws Exception {
        assertThat(w.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());
    }

    @Test
    void putThenGetReturnsTheValueWithItsRevisionAndTime() throws Exception {
        KeyValueBucket kv = bucket(1);
        Instant before = Instant.now().minusSeconds(2);
        long rev = kv.put("machines", b("spec-1"));
        Entry e = kv.get("machines").orElseThrow();
        assertThat(e.bucket()).isEqualTo(bucketName);
        assertThat(e.key()).isEqualTo("machines");
        assertThat(e.valueAsString()).isEqualTo("spec-1");
        assertThat(e.revision()).isEqualTo(rev).isPositive();
        assertThat(e.operation()).isEqualTo(Operation.PUT);
        assertThat(e.created()).isBetween(before, Instant.now().plusSeconds(2));
        assertThat(kv.require("machines")).isEqualTo(e);
    }

    @Test
    void revisionsGrowMonotonicallyAcrossKeysOfABucket() throws Exception {
        KeyValueBucket kv = bucket(5);
        long r1 = kv.put("a", b("1"));
        long r2 = kv.put("b", b("2"));
        long r3 = kv.put("a", b("3"));
        assertThat(r2).isEqualTo(r1 + 1);
        assertThat(r3).isEqualTo(r2 + 1);
    }

    @Test
    void emptyValuesRoundTrip() throws Exception {
        KeyValueBucket kv = bucket(1);
        kv.put("empty", new byte[0]);
        assertThat(kv.get("empty").orElseThrow().value()).isEmpty();
    }

    @Test
    void missingKeyIsEmptyAndRequireThrowsKeyNotFound() throws Exception {
        KeyValueBucket kv = bucket(1);
        assertThat(kv.get("nothing")).isEmpty();
        assertThat(kv.history("nothing")).isEmpty();
        assertThatThrownBy(() -> kv.require("nothing")).isInstanceOf(KeyNotFound.class)
                .hasMessageContaining("nothing").hasMessageContaining(bucketName);
    }

    @Test
    void deleteLeavesAMarkerThatHistoryShowsAndGetHides() throws Exception {
        KeyValueBucket kv = bucket(5);
        long put = kv.put("k", b("v"));
        kv.delete("k");
        assertThat(kv.get("k")).isEmpty();
        List<Entry> history = kv.history("k");
        assertThat(history).extracting(Entry::operation).containsExactly(Operation.PUT, Operation.DELETE);
        assertThat(history.get(0).revision()).isEqualTo(put);
        assertThat(history.get(1).revision()).isGreaterThan(put);
        assertThat(history.get(1).value()).isEmpty();
    }

    @Test
    void purgeRemovesHistoryAndLeavesOnlyItsMarker() throws Exception {
        KeyValueBucket kv = bucket(5);
        kv.put("k", b("1"));
        kv.put("k", b("2"));
        kv.put("other", b("x"));
        kv.purge("k");
        assertThat(kv.get("k")).isEmpty();
        assertThat(kv.history("k")).extracting(Entry::operation).containsExactly(Operation.PURGE);
        assertThat(kv.get("other")).isPresent();
    }

    @Test
    void historyKeepsTheNewestEntriesPerKeyMarkersIncluded() throws Exception {
        KeyValueBucket kv = bucket(3);
        for (int i = 1; i <= 5; i++) {
            kv.put("k", b("v" + i));
            kv.put("other", b("o" + i));
        }
        assertThat(kv.history("k")).extracting(Entry::valueAsString).containsExactly("v3", "v4", "v5");
        kv.delete("k");
        assertThat(kv.history("k")).extracting(Entry::operation)
                .containsExactly(Operation.PUT, Operation.PUT, Operation.DELETE);
        assertThat(kv.history("other")).hasSize(3);
        assertThat(kv.status().values()).isEqualTo(6);
    }

    @Test
    void createSucceedsOnlyWhenTheKeyHasNoValue() throws Exception {
        KeyValueBucket kv = bucket(5);
        long r1 = kv.create("k", b("first"));
        assertThatThrownBy(() -> kv.create("k", b("second"))).isInstanceOf(KeyExists.class)
                .isInstanceOf(WrongRevision.class).hasMessageContaining("'k'");
        kv.delete("k");
        long r2 = kv.create("k", b("after delete"));
        assertThat(r2).isGreaterThan(r1);
        kv.purge("k");
        kv.create("k", b("after purge"));
        assertThat(kv.get("k").orElseThrow().valueAsString()).isEqualTo("after purge");
    }

    @Test
    void updateIsACompareAndSetOnTheLastRevision() throws Exception {
        KeyValueBucket kv = bucket(5);
        long r1 = kv.update("k", b("v1"), 0);
        long r2 = kv.update("k", b("v2"), r1);
        assertThat(kv.get("k").orElseThrow().revision()).isEqualTo(r2);
        assertThatThrownBy(() -> kv.update("k", b("stale"), r1)).isInstanceOf(WrongRevision.class).hasMessageContaining("'k'");
        assertThatThrownBy(() -> kv.update("k", b("again"), 0)).isInstanceOf(WrongRevision.class);
        assertThat(kv.get("k").orElseThrow().valueAsString()).isEqualTo("v2");
        kv.delete("k");
        long deleteRev = kv.history("k").getLast().revision();
        assertThat(kv.update("k", b("v3"), deleteRev)).isGreaterThan(deleteRev);
    }

    @Test
    void keysListsOnlyKeysHoldingAValueSorted() throws Exception {
        KeyValueBucket kv = bucket(1);
        assertThat(kv.keys()).isEmpty();
        kv.put("zeta", b("1"));
        kv.put("alpha", b("1"));
        kv.put("mid.dle", b("1"));
        kv.put("gone", b("1"));
        kv.put("purged", b("1"));
        kv.delete("gone");
        kv.purge("purged");
        assertThat(kv.keys()).containsExactly("alpha", "mid.dle", "zeta");
    }

    @Test
    void watchDeliversCurrentValuesThenEndOfInitialDataThenChanges() throws Exception {
        KeyValueBucket kv = bucket(5);
        kv.put("a", b("a1"));
        kv.put("a", b("a2"));
        kv.put("b", b("b1"));
        kv.put("c", b("c1"));
        kv.delete("c");
        try (KvWatch w = kv.watch(">", WatchOptions.CURRENT_THEN_CHANGES)) {
            List<Entry> initial = new ArrayList<>();
            initial.add(nextUpdate(w));
            initial.add(nextUpdate(w));
            initial.add(nextUpdate(w));
            assertThat(initial).extracting(Entry::key).containsExactly("a", "b", "c");
            assertThat(initial).extracting(Entry::operation).containsExactly(Operation.PUT, Operation.PUT, Operation.DELETE);
            assertThat(initial.get(0).valueAsString()).isEqualTo("a2");
            assertThat(initial.getLast().delta()).isZero();
            expectEndOfInitialData(w);
            long r = kv.put("b", b("b2"));
            Entry change = nextUpdate(w);
            assertThat(change.key()).isEqualTo("b");
            assertThat(change.revision()).isEqualTo(r);
            assertThat(change.valueAsString()).isEqualTo("b2");
            kv.delete("a");
            kv.purge("b");
            assertThat(nextUpdate(w).operation()).isEqualTo(Operation.DELETE);
            assertThat(nextUpdate(w).operation()).isEqualTo(Operation.PURGE);
        }
    }

    @Test
    void watchOfAnEmptyBucketSignalsEndOfInitialDataAtOnce() throws Exception {
        KeyValueBucket kv = bucket(1);
        try (KvWatch w = kv.watch(">", WatchOptions.CURRENT_THEN_CHANGES)) {
            expectEndOfInitialData(w);
            kv.put("k", b("v"));
            assertThat(nextUpdate(w).valueAsString()).isEqualTo("v");
        }
    }

    @Test
    void changesOnlyWatchStartsWithEndOfInitialDataAndSkipsCurrentValues() throws Exception {
        KeyValueBucket kv = bucket(1);
        kv.put("k", b("old"));
        try (KvWatch w = kv.watch("k", WatchOptions.CHANGES_ONLY)) {
            expectEndOfInitialData(w);
            kv.put("k", b("new"));
            assertThat(nextUpdate(w).valueAsString()).isEqualTo("new");
        }
    }

    @Test
    void watchPatternsSelectKeysLikeNatsSubjects() throws Exception {
        KeyValueBucket kv = bucket(1);
        try (KvWatch star = kv.watch("app.*", WatchOptions.CHANGES_ONLY);
             KvWatch tail = kv.watch("app.>", WatchOptions.CHANGES_ONLY);
             KvWatch one = kv.watch("app", WatchOptions.CHANGES_ONLY)) {
            expectEndOfInitialData(star);
            expectEndOfInitialData(tail);
            expectEndOfInitialData(one);
            kv.put("app", b("0"));
            kv.put("app.x", b("1"));
            kv.put("app.x.y", b("2"));
            kv.put("other", b("3"));
            kv.put("app.z", b("4"));
            assertThat(nextUpdate(star).key()).isEqualTo("app.x");
            assertThat(nextUpdate(star).key()).isEqualTo("app.z");
            assertThat(nextUpdate(tail).key()).isEqualTo("app.x");
            assertThat(nextUpdate(tail).key()).isEqualTo("app.x.y");
            assertThat(nextUpdate(tail).key()).isEqualTo("app.z");
            assertThat(nextUpdate(one).key()).isEqualTo("app");
            assertThat(one.poll(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void watchCanIgnoreDeleteAndPurgeMarkers() throws Exception {
        KeyValueBucket kv = bucket(1);
        kv.put("gone", b("x"));
        kv.delete("gone");
        kv.put("here", b("y"));
        try (KvWatch w = kv.watch(">", new WatchOptions(true, true))) {
            assertThat(nextUpdate(w).key()).isEqualTo("here");
            expectEndOfInitialData(w);
            kv.delete("here");
            kv.purge("here");
            kv.put("last", b("z"));
            assertThat(nextUpdate(w).key()).isEqualTo("last");
        }
    }

    @Test
    void closingAWatchWakesABlockedReaderWithWatchClosed() throws Exception {
        KeyValueBucket kv = bucket(1);
        KvWatch w = kv.watch(">", WatchOptions.CHANGES_ONLY);
        expectEndOfInitialData(w);
        CompletableFuture<Throwable> reader = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                w.next();
                reader.complete(null);
            } catch (Throwable t) {
                reader.complete(t);
            }
        });
        w.close();
        assertThat(reader.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(WatchClosed.class);
        assertThatThrownBy(w::next).isInstanceOf(WatchClosed.class);
        w.close();
    }

    @Test
    void createBucketLeavesAnExistingBucketUnchangedAndReportsStatus() throws Exception {
        KeyValueBucket kv = store.createBucket(BucketConfig.of(bucketName).withHistory(4).withTtl(Duration.ofHours(1)));
        kv.put("k", b("12345"));
        KeyValueBucket again = store.createBucket(BucketConfig.of(bucketName).withHistory(9));
        BucketStatus s = again.status();
        assertThat(s.bucket()).isEqualTo(bucketName);
        assertThat(s.history()).isEqualTo(4);
        assertThat(s.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(s.values()).isEqualTo(1);
        assertThat(s.bytes()).isPositive();
        assertThat(s.replicas()).isEqualTo(1);
        assertThat(s.storage()).isEqualTo(StorageType.FILE);
        assertThat(s.backingStore()).isNotBlank();
        assertThat(store.bucketNames()).contains(bucketName);
        assertThat(store.bucket(bucketName).get("k")).isPresent();
    }

    @Test
    void removedBucketIsGoneForHandlesAndLookups() throws Exception {
        KeyValueBucket kv = bucket(1);
        kv.put("k", b("v"));
        store.removeBucket(bucketName);
        assertThat(store.bucketNames()).doesNotContain(bucketName);
        assertThatThrownBy(() -> store.bucket(bucketName)).isInstanceOf(BucketNotFound.class).hasMessageContaining(bucketName);
        assertThatThrownBy(() -> store.removeBucket(bucketName)).isInstanceOf(BucketNotFound.class);
        assertThatThrownBy(kv::status).isInstanceOf(BucketNotFound.class);
    }

    @Test
    void aMissingBucketIsNamedWithTheStoreThatWasAsked() throws Exception {
        KeyValueBucket kv = bucket(1);
        store.removeBucket(bucketName);
        String expected = "bucket " + bucketName + " not found in " + store.description();

        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> store.bucket(bucketName),
                () -> store.removeBucket(bucketName), kv::status)) {
            assertThatThrownBy(call).isInstanceOfSatisfying(BucketNotFound.class, e -> {
                assertThat(e).hasMessage(expected);
                assertThat(e.bucket()).isEqualTo(bucketName);
                assertThat(e.store()).isEqualTo(store.description());
            });
        }
    }

    @Test
    void invalidBucketNamesAndKeysAreRejectedNamingTheValue() throws Exception {
        assertThatThrownBy(() -> store.bucket("bad.name")).isInstanceOf(InvalidName.class).hasMessageContaining("'bad.name'");
        KeyValueBucket kv = bucket(1);
        assertThatThrownBy(() -> kv.put(".lead", b("v"))).isInstanceOf(InvalidName.class).hasMessageContaining("'.lead'");
        assertThatThrownBy(() -> kv.get("sp ace")).isInstanceOf(InvalidName.class).hasMessageContaining("'sp ace'");
        assertThatThrownBy(() -> kv.watch("a.>.b", WatchOptions.CHANGES_ONLY)).isInstanceOf(InvalidName.class);
    }

    @Test
    void entriesExpireAfterTheBucketTtl() throws Exception {
        KeyValueBucket kv = store.createBucket(BucketConfig.of(bucketName).withTtl(Duration.ofSeconds(1)));
        kv.put("short", b("lived"));
        await().atMost(WAIT).until(() -> kv.get("short").isEmpty());
        assertThat(kv.keys()).isEmpty();
        assertThat(kv.history("short")).isEmpty();
        kv.create("short", b("again"));
        assertThat(kv.get("short")).isPresent();
    }
}

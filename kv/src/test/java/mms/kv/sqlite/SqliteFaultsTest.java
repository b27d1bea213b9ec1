package mms.kv.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import mms.kv.BucketConfig;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvWatch;
import mms.kv.StoreUnavailable;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import mms.kv.testing.LogCapture;
import mms.kv.testing.StoreDamage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store file damaged, replaced or locked by someone else: every failure names the file and the
 * reason, nothing rewrites the damaged file, a lock fails after the busy timeout instead of hanging,
 * and a store left open (the agent's) works again once the file is repaired, in place or by a move.
 */
class SqliteFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SHORT_BUSY_TIMEOUT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    /** A closed store of one bucket with a value spanning pages and a few small ones. */
    private Path storeWithData() throws Exception {
        Path db = dir.resolve("kv.db");
        try (KeyValueStore store = SqliteEngine.open(db)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of("B").withHistory(3));
            kv.put("big", "x".repeat(100_000).getBytes(UTF_8));
            for (int i = 0; i < 20; i++) {
                kv.put("k" + i, ("v" + i).getBytes(UTF_8));
            }
        }
        return db;
    }

    private record Snapshot(byte[] bytes, FileTime modified) {
        static Snapshot of(Path file) throws Exception {
            return new Snapshot(Files.readAllBytes(file), Files.getLastModifiedTime(file));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreDamage.class)
    void aDamagedFileFailsNamingItAndTheReasonAndIsNotRewritten(StoreDamage damage) throws Exception {
        Path db = storeWithData();
        damage.apply(db);
        Snapshot before = Snapshot.of(db);

        assertThatThrownBy(() -> {
            try (KeyValueStore store = SqliteEngine.open(db)) {
                store.bucket("B").get("k1");
            }
        }).isInstanceOf(StoreUnavailable.class).hasMessageContaining(db.toString()).hasMessageContaining(damage.reason());

        Snapshot after = Snapshot.of(db);
        assertThat(after.bytes()).as("the damaged file, byte for byte").isEqualTo(before.bytes());
        assertThat(after.modified()).isEqualTo(before.modified());
    }

    @Test
    void anOpenStoreReadsAgainOnceItsFileIsRepairedInPlace() throws Exception {
        Path db = storeWithData();
        byte[] good = Files.readAllBytes(db);
        try (KeyValueStore store = SqliteEngine.open(db)) {
            KeyValueBucket kv = store.bucket("B");
            StoreDamage.GARBAGE_OVER_THE_PAGES.apply(db);
            assertThatThrownBy(() -> kv.get("big")).isInstanceOf(StoreUnavailable.class).hasMessageContaining("malformed");

            Files.write(db, good); // cp backup kv.db: same file, new content

            assertThat(kv.get("big").orElseThrow().value()).hasSize(100_000);
            assertThat(kv.put("k1", "after".getBytes(UTF_8))).isPositive();
        }
    }

    /** Before FileConnection, the open store read the unlinked old file until a restart. */
    @Test
    void anOpenStoreFollowsABackupMovedOverItsFileAndItsWatchesSeeLaterWrites() throws Exception {
        Path db = storeWithData();
        Path backup = Files.copy(db, dir.resolve("backup.db"));
        try (LogCapture log = LogCapture.of(WatchPoller.class.getName(), Level.DEBUG);
             KeyValueStore store = new SqliteStore(db, Clock.systemUTC(), Duration.ofMillis(5), SHORT_BUSY_TIMEOUT);
             KvWatch watch = store.bucket("B").watch("late", WatchOptions.CHANGES_ONLY)) {
            assertThat(watch.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());
            Path damaged = Files.write(dir.resolve("damaged.db"), StoreDamage.garbage(8192));
            Files.move(damaged, db, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(WAIT).until(() -> !log.messagesAt(Level.WARN).isEmpty());
            assertThatThrownBy(() -> store.bucket("B")).isInstanceOf(StoreUnavailable.class)
                    .hasMessageContaining(db.toString()).hasMessageContaining("not a database");

            Files.move(backup, db, StandardCopyOption.REPLACE_EXISTING);
            try (KeyValueStore cli = SqliteEngine.open(db)) {
                cli.bucket("B").put("late", "seen".getBytes(UTF_8));
            }

            Entry seen = ((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry();
            assertThat(seen.value()).asString(UTF_8).isEqualTo("seen");
            assertThat(store.bucket("B").get("k1").orElseThrow().value()).asString(UTF_8).isEqualTo("v1");
            await().atMost(WAIT).until(() -> log.messagesAt(Level.INFO).stream().anyMatch(m -> m.contains("work again")));
            assertThat(log.messagesAt(Level.WARN)).as("one warning for the whole outage, not one per 5 ms poll").hasSize(1);
        }
    }

    @Test
    void aWriteLockHeldByAnotherProcessFailsAWriterAfterTheBusyTimeoutWhileReadsGoOn() throws Exception {
        Path db = storeWithData();
        try (KeyValueStore store = new SqliteStore(db, Clock.systemUTC(), Duration.ofMillis(50), SHORT_BUSY_TIMEOUT);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement holder = other.createStatement()) {
            KeyValueBucket kv = store.bucket("B");
            holder.execute("BEGIN IMMEDIATE"); // a sqlite3 shell or a long command in the middle of a transaction

            assertThatThrownBy(() -> kv.put("k1", "blocked".getBytes(UTF_8))).isInstanceOf(StoreUnavailable.class)
                    .hasMessageContaining(db.toString())
                    .hasMessageContaining("another process holds the database's lock, gave up after waiting 300 ms");
            assertThat(kv.get("k1").orElseThrow().value()).asString(UTF_8).isEqualTo("v1");

            holder.execute("ROLLBACK");
            assertThat(kv.put("k1", "free".getBytes(UTF_8))).isPositive();
        }
    }

    @Test
    void anExclusiveLockFailsTheOpenAfterTheBusyTimeoutAndTheStoreOpensOnceItIsReleased() throws Exception {
        Path db = storeWithData();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement holder = other.createStatement()) {
            holder.execute("PRAGMA locking_mode=EXCLUSIVE");
            holder.execute("BEGIN EXCLUSIVE");
            holder.execute("UPDATE kv_bucket SET history=history");

            assertThatThrownBy(() -> new SqliteStore(db, Clock.systemUTC(), Duration.ofMillis(50), SHORT_BUSY_TIMEOUT))
                    .isInstanceOf(StoreUnavailable.class).hasMessageContaining(db.toString())
                    .hasMessageContaining("another process holds the database's lock");
            holder.execute("COMMIT");
        }
        try (KeyValueStore store = SqliteEngine.open(db)) {
            assertThat(store.bucket("B").get("k1")).isPresent();
        }
    }
}

package mms.kv.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mms.kv.BucketConfig;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvWatch;
import mms.kv.Operation;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI writes from another process while the agent writes and watches: nothing is lost or refused. */
class SqliteMultiProcessTest {
    private static final int CHILD_WRITES = 200;
    private static final int OWN_WRITES = 200;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void watchSeesEveryWriteOfAnotherProcessWhileBothWrite() throws Exception {
        Path db = dir.resolve("kv.db");
        try (KeyValueStore store = SqliteEngine.open(db)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of("SHARED").withHistory(2));
            try (KvWatch watch = kv.watch("child.>", WatchOptions.CHANGES_ONLY)) {
                assertThat(watch.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());
                Path log = dir.resolve("child.log");
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        SqliteWriterMain.class.getName(), db.toString(), "SHARED", String.valueOf(CHILD_WRITES))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try {
                    for (int i = 0; i < OWN_WRITES; i++) {
                        kv.put("parent." + i, "p".getBytes(UTF_8));
                    }
                    List<Entry> seen = new ArrayList<>();
                    Set<String> keys = new HashSet<>();
                    while (seen.isEmpty() || seen.getLast().operation() != Operation.DELETE) {
                        WatchEvent e = watch.poll(WAIT).orElseThrow(() -> new AssertionError(
                                "watch stalled after " + keys.size() + " child writes"));
                        Entry entry = ((WatchEvent.Update) e).entry();
                        seen.add(entry);
                        keys.add(entry.key());
                    }
                    assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    assertThat(child.exitValue()).as(Files.readString(log)).isZero();
                    assertThat(keys).hasSize(CHILD_WRITES);
                    assertThat(seen).hasSize(CHILD_WRITES + 1);
                    assertThat(seen).extracting(Entry::revision).isSorted().doesNotHaveDuplicates();
                    assertThat(kv.status().values()).isEqualTo(CHILD_WRITES + OWN_WRITES + 1);
                    assertThat(kv.history("child.0").getLast().operation()).isEqualTo(Operation.DELETE);
                } finally {
                    child.destroyForcibly();
                    child.waitFor();
                }
            }
        }
    }

    @Test
    void dataSurvivesReopeningTheFile() throws Exception {
        Path db = dir.resolve("kv.db");
        long rev;
        try (KeyValueStore store = SqliteEngine.open(db)) {
            rev = store.createBucket(BucketConfig.of("DURABLE").withHistory(3)).put("k", "v".getBytes(UTF_8));
        }
        try (KeyValueStore store = SqliteEngine.open(db)) {
            KeyValueBucket kv = store.bucket("DURABLE");
            assertThat(kv.get("k").orElseThrow().revision()).isEqualTo(rev);
            assertThat(kv.status().history()).isEqualTo(3);
            assertThat(kv.put("k", "w".getBytes(UTF_8))).isEqualTo(rev + 1);
        }
    }
}

package mms.kv.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mms.kv.BucketConfig;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL at a random moment of a stream of large puts (as a {@code mms kv put}
 * killed mid-write): the file stays readable and intact, every value read is one that was written
 * whole, and the store takes the next write.
 */
class SqliteKillTest {
    /** Each trial starts a JVM (about a second, more on a loaded machine): a handful keeps the test short. */
    private static final int TRIALS = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aWriterKilledMidWriteLeavesTheFileIntactAndNoValueHalfWritten() throws Exception {
        Path db = dir.resolve("kv.db");
        try (KeyValueStore store = SqliteEngine.open(db)) {
            store.createBucket(BucketConfig.of("KILLED").withHistory(5));
        }
        Random random = new Random(18);
        long lastRevision = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SqliteValueWriterMain.class.getName(),
                    db.toString(), "KILLED")
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("writer.log").toFile())).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), UTF_8))) {
                // the first committed put: from here on the writer is inside a put most of the time
                assertThat(out.readLine()).as("writer output").isEqualTo("writing");
                long killAfter = random.nextLong(1, 150);
                await().pollDelay(Duration.ofMillis(killAfter)).atMost(WAIT).until(() -> true);
                writer.destroyForcibly();
                assertThat(writer.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }

            assertThat(integrityCheck(db)).as("trial %d", trial).isEqualTo("ok");
            try (KeyValueStore store = SqliteEngine.open(db)) {
                KeyValueBucket kv = store.bucket("KILLED");
                for (Entry e : kv.history("value")) {
                    assertThat(SqliteValueWriterMain.isWhole(e.value())).as("trial %d revision %d", trial, e.revision()).isTrue();
                }
                Entry last = kv.get("value").orElseThrow();
                assertThat(last.revision()).as("nothing committed is lost").isGreaterThan(lastRevision);
                lastRevision = kv.put("value", SqliteValueWriterMain.value(0));
            }
        }
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

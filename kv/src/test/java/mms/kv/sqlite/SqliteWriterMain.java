package mms.kv.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;

/**
 * A second process for {@link SqliteMultiProcessTest}: opens the database, writes
 * {@code child.0..child.N-1} to the bucket, deletes {@code child.0}, exits 0 (non-zero on failure).
 */
public final class SqliteWriterMain {
    private SqliteWriterMain() {
    }

    /**
     * Runs the writer.
     *
     * @param args database file, bucket, count
     */
    public static void main(String[] args) throws Exception {
        try (KeyValueStore store = SqliteEngine.open(Path.of(args[0]))) {
            KeyValueBucket kv = store.bucket(args[1]);
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                kv.put("child." + i, ("value " + i).getBytes(UTF_8));
            }
            kv.delete("child.0");
        }
    }
}

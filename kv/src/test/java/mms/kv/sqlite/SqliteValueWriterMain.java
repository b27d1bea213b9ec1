package mms.kv.sqlite;

import java.nio.file.Path;
import java.util.Arrays;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;

/**
 * A writer process for {@link SqliteKillTest}: puts large values to key {@code value} of the bucket
 * until it is killed, printing {@code writing} once the first one is committed. Each value is
 * {@value #SIZE} copies of one letter, so a value written in part is visible as such.
 */
public final class SqliteValueWriterMain {
    /** Bytes per value: 64 SQLite pages, so a commit is many writes. */
    static final int SIZE = 256 * 1024;

    private SqliteValueWriterMain() {
    }

    /** The value of put number {@code n}. */
    static byte[] value(long n) {
        byte[] value = new byte[SIZE];
        Arrays.fill(value, (byte) ('a' + n % 26));
        return value;
    }

    /** True when {@code value} is one that {@link #value} makes. */
    static boolean isWhole(byte[] value) {
        return value.length == SIZE && Arrays.equals(value, value(value[0] - 'a'));
    }

    /**
     * Runs the writer.
     *
     * @param args database file, bucket
     */
    public static void main(String[] args) throws Exception {
        try (KeyValueStore store = SqliteEngine.open(Path.of(args[0]))) {
            KeyValueBucket kv = store.bucket(args[1]);
            for (long n = 1; ; n++) {
                kv.put("value", value(n));
                if (n == 1) {
                    System.out.println("writing");
                    System.out.flush();
                }
            }
        }
    }
}

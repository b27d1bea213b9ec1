package mms.kv.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Random;

/** Ways a SQLite store file gets damaged, as a stray write or a cut would, and what SQLite then says. */
public enum StoreDamage {
    /** Random bytes over the first 100 bytes, SQLite's file header. */
    GARBAGE_OVER_THE_HEADER("not a database"),
    /** Random bytes over every page after the first (the schema page survives, the data does not). */
    GARBAGE_OVER_THE_PAGES("malformed"),
    /** The second half of the file cut off. */
    TRUNCATED_TO_HALF("malformed");

    private final String reason;

    StoreDamage(String reason) {
        this.reason = reason;
    }

    /** Words of SQLite's error for this damage. */
    public String reason() {
        return reason;
    }

    /** Damages {@code file} in place (same inode, as a stray write would). */
    public void apply(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            switch (this) {
                case GARBAGE_OVER_THE_HEADER -> f.write(garbage(100));
                case GARBAGE_OVER_THE_PAGES -> {
                    f.seek(4096);
                    f.write(garbage((int) f.length() - 4096));
                }
                case TRUNCATED_TO_HALF -> f.setLength(f.length() / 2);
            }
        }
    }

    /** {@code size} random bytes, the same for the same size. */
    public static byte[] garbage(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}

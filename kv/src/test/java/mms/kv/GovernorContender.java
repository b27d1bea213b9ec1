package mms.kv;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import mms.time.Backoff;

/**
 * A contender run as its own JVM by {@link GovernorProcessesTest}.
 *
 * <p>{@code count URL NAME HOLDER HOLD_MS COUNTER_FILE}: enters, then under an exclusive file lock
 * increments the "inside" counter and records the highest value seen, holds for {@code HOLD_MS},
 * decrements under the lock and counts itself done, and only then leaves. Because the increment
 * comes after entering and the decrement before leaving, the counter never exceeds the number of
 * slots actually held: a value above capacity proves over-admission.
 *
 * <p>{@code hold URL NAME HOLDER}: enters, prints {@code entered <seq>} and waits to be killed.
 */
public final class GovernorContender {
    private static final Backoff CONTENDER = new Backoff(Backoff.millis(50, 100, 200, 300, 400), Backoff.Jitter.AROUND);

    private GovernorContender() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        try (KeyValueStore store = KeyValueStores.open(args[1], ConnectOptions.NONE)) {
            Slot slot = store.governors().enter(args[2], args[3], new EnterOptions(Duration.ofSeconds(90), CONTENDER, true));
            switch (mode) {
                case "count" -> {
                    Path counter = Path.of(args[5]);
                    update(counter, +1);
                    Thread.sleep(Long.parseLong(args[4]));
                    update(counter, -1);
                    slot.close();
                }
                case "hold" -> {
                    System.out.println("entered " + slot.sequence());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
        System.exit(0);
    }

    /** Counter file: {@code inside max done}; {@code delta} +1 on entry, -1 (and done+1) on exit. */
    private static void update(Path file, int delta) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             FileChannel ch = raf.getChannel();
             FileLock lock = ch.lock()) {
            long[] v = read(raf);
            v[0] += delta;
            v[1] = Math.max(v[1], v[0]);
            if (delta < 0) {
                v[2]++;
            }
            raf.setLength(0);
            raf.seek(0);
            raf.write((v[0] + " " + v[1] + " " + v[2]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ch.force(false);
        }
    }

    static long[] read(RandomAccessFile raf) throws IOException {
        raf.seek(0);
        byte[] b = new byte[(int) raf.length()];
        raf.readFully(b);
        String s = new String(b, java.nio.charset.StandardCharsets.US_ASCII).strip();
        if (s.isEmpty()) {
            return new long[3];
        }
        String[] p = s.split(" ");
        return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])};
    }
}

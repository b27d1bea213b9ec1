package mms.kv.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvWatch;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import mms.kv.testing.NatsServer;

/**
 * Measures both engines and prints a report: put and get throughput (one thread), put-to-watch
 * latency in this process, put-to-watch latency from another process (SQLite: the cross-process
 * poll path), and the CPU an idle SQLite watch costs. Not a test; run it with {@code scripts/bench
 * mms.kv.bench.KvBench [puts] [--quick]}. {@code --quick} is a smoke run in a few seconds (tiny
 * sizes; the figures mean nothing).
 */
public final class KvBench {
    private KvBench() {
    }

    /** How much to measure. */
    private record Size(int puts, int samples, Duration idleWindow) {
        static final Size FULL = new Size(2000, 300, Duration.ofSeconds(5));
        static final Size QUICK = new Size(50, 10, Duration.ofMillis(500));
    }

    /**
     * Runs the benchmark, or with {@code child URL BUCKET N} the writer half of the cross-process measurement.
     *
     * @param args {@code [puts] [--quick]} or {@code child URL BUCKET N}
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], args[2], Integer.parseInt(args[3]));
            return;
        }
        List<String> positional = new ArrayList<>(List.of(args));
        Size size = positional.remove("--quick") ? Size.QUICK : Size.FULL;
        if (!positional.isEmpty()) {
            size = new Size(Integer.parseInt(positional.getFirst()), size.samples(), size.idleWindow());
        }
        Path dir = Files.createTempDirectory("mms-kvbench-");
        System.out.printf("mms kv benchmark: %d puts, %d gets, %d latency samples, %d cpus, java %s%n",
                size.puts(), size.puts() * 5, size.samples(), Runtime.getRuntime().availableProcessors(), Runtime.version());
        try {
            String sqlite = "sqlite:" + dir.resolve("kv.db");
            run("sqlite", sqlite, size);
            idleCost(sqlite, size.idleWindow());
            try (NatsServer nats = NatsServer.start(dir.resolve("nats"), List.of())) {
                run("jetstream", nats.url(), size);
            }
        } finally {
            NatsServer.deleteTree(dir);
        }
    }

    private static void run(String engine, String url, Size size) throws Exception {
        int puts = size.puts();
        try (KeyValueStore store = KeyValueStores.open(url, ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of("BENCH").withHistory(5));
            byte[] value = new byte[256];
            for (int i = 0; i < 200; i++) { // warm up
                kv.put("warm." + (i % 10), value);
                kv.get("warm." + (i % 10));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < puts; i++) {
                kv.put("key." + (i % 100), value);
            }
            double putRate = puts / ((System.nanoTime() - t0) / 1e9);
            int gets = puts * 5;
            t0 = System.nanoTime();
            for (int i = 0; i < gets; i++) {
                kv.get("key." + (i % 100));
            }
            double getRate = gets / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("%-9s put %8.0f ops/s   get %8.0f ops/s  (256-byte values, history 5)%n", engine, putRate, getRate);

            long[] local = new long[size.samples()];
            try (KvWatch w = kv.watch("lat", WatchOptions.CHANGES_ONLY)) {
                w.next();
                for (int i = 0; i < local.length; i++) {
                    long s = System.nanoTime();
                    kv.put("lat", value);
                    w.next();
                    local[i] = System.nanoTime() - s;
                }
            }
            report(engine, "put->watch, same process", local);

            long[] remote = crossProcess(url, kv, size.samples());
            report(engine, "put->watch, other process", remote);
        }
    }

    private static long[] crossProcess(String url, KeyValueBucket kv, int n) throws Exception {
        try (KvWatch w = kv.watch("remote", WatchOptions.CHANGES_ONLY)) {
            w.next();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
            // the same logging set-up as this process (scripts/bench chooses one)
            for (String property : List.of("logback.configurationFile", "mms.log.defaults")) {
                Optional.ofNullable(System.getProperty(property)).ifPresent(v -> command.add("-D" + property + "=" + v));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), KvBench.class.getName(),
                    "child", url, kv.name(), String.valueOf(n)));
            Process child = new ProcessBuilder(command).inheritIO().start();
            long[] lat = new long[n];
            for (int i = 0; i < n; i++) {
                Entry e = ((WatchEvent.Update) w.next()).entry();
                Instant now = Instant.now();
                ByteBuffer b = ByteBuffer.wrap(e.value());
                Instant sent = Instant.ofEpochSecond(b.getLong(), b.getLong());
                lat[i] = Duration.between(sent, now).toNanos();
            }
            child.waitFor();
            return lat;
        }
    }

    /** Writes n timestamped values, spaced by 20 ms so each is a separate wake-up, like a CLI user. */
    private static void child(String url, String bucket, int n) throws Exception {
        try (KeyValueStore store = KeyValueStores.open(url, ConnectOptions.NONE)) {
            KeyValueBucket kv = store.bucket(bucket);
            for (int i = 0; i < n; i++) {
                Thread.sleep(20);
                Instant t = Instant.now();
                kv.put("remote", ByteBuffer.allocate(16).putLong(t.getEpochSecond()).putLong(t.getNano()).array());
            }
        }
    }

    private static void report(String engine, String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-9s %-27s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n", engine, what,
                s[s.length / 2] / 1e6, s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6, s[s.length - 1] / 1e6);
    }

    private static void idleCost(String url, Duration window) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (KeyValueStore store = KeyValueStores.open(url, ConnectOptions.NONE)) {
            KeyValueBucket kv = store.bucket("BENCH");
            long c0 = os.getProcessCpuTime();
            Thread.sleep(window);
            long idle = os.getProcessCpuTime() - c0;
            try (KvWatch w = kv.watch(">", WatchOptions.CHANGES_ONLY)) {
                w.next();
                c0 = os.getProcessCpuTime();
                Thread.sleep(window);
                long watching = os.getProcessCpuTime() - c0;
                double seconds = window.toNanos() / 1e9;
                System.out.printf("sqlite    idle watch cost: %.2f ms CPU/s with a watch polling data_version every 50 ms"
                                + " (%.2f ms CPU/s without), i.e. %.3f%% of one core%n",
                        watching / 1e6 / seconds, idle / 1e6 / seconds, Math.max(0, watching - idle) / 1e7 / seconds);
            }
        }
    }
}

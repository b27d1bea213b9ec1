package mms.watcher.kv.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServer;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import mms.watcher.WatcherServices;
import mms.watcher.kv.KvWatcherFactory;

/**
 * Measures put-to-machine-data latency of a real machine with one kv watcher, in watch mode and in
 * poll mode (interval 1s), on SQLite and on a local nats-server, plus single-thread get and put
 * throughput of each store. Prints a report; not a test. Run it from the repository root:
 *
 * <pre>
 * scripts/bench mms.watcher.kv.bench.KvWatcherBench [watchSamples] [pollSamples] [--quick]
 * </pre>
 *
 * {@code --quick} is a smoke run in a few seconds (tiny sizes; the figures mean nothing).
 *
 * Poll-mode puts happen at a random moment within the interval, so the figures show what a user
 * sees (about half the interval on average), not a best case.
 */
public final class KvWatcherBench {
    private KvWatcherBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [watchSamples] [pollSamples] [--quick]}, default 300 and 20 (quick: 10 and 1)
     */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        boolean quick = positional.remove("--quick");
        int watchSamples = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : quick ? 10 : 300;
        int pollSamples = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : quick ? 1 : 20;
        int puts = quick ? 50 : 2000;
        Path dir = Files.createTempDirectory("mms-kvwatcher-bench-");
        System.out.printf("mms kv watcher benchmark: %d watch samples, %d poll samples (interval 1s), %d cpus, java %s%n",
                watchSamples, pollSamples, Runtime.getRuntime().availableProcessors(), Runtime.version());
        try {
            run("sqlite", "sqlite:" + dir.resolve("kv.db"), dir.resolve("sqlite"), puts, watchSamples, pollSamples);
            try (NatsServer nats = NatsServer.start(dir.resolve("nats"), List.of())) {
                run("jetstream", nats.url(), dir.resolve("jetstream"), puts, watchSamples, pollSamples);
            }
        } finally {
            NatsServer.deleteTree(dir);
        }
        System.exit(0);
    }

    private static void run(String engine, String url, Path dir, int puts, int watchSamples, int pollSamples)
            throws Exception {
        try (KeyValueStore store = KeyValueStores.open(url, ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of("BENCH").withHistory(5));
            throughput(engine, kv, puts);
            latency(engine, "watch", store, kv, dir.resolve("watch"), "1h", watchSamples, false);
            latency(engine, "poll 1s", store, kv, dir.resolve("poll"), "1s", pollSamples, true);
        }
    }

    private static void throughput(String engine, KeyValueBucket kv, int n) throws Exception {
        byte[] value = "{\"bench\": true}".getBytes(UTF_8);
        for (int i = 0; i < 200; i++) {
            kv.put("warm" + (i % 10), value);
            kv.get("warm" + (i % 10));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            kv.put("k" + (i % 100), value);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n * 5; i++) {
            kv.get("k" + (i % 100));
        }
        long t2 = System.nanoTime();
        System.out.printf("%-9s  put  %8.0f ops/s   get %8.0f ops/s   (one thread)%n", engine,
                n / ((t1 - t0) / 1e9), n * 5 / ((t2 - t1) / 1e9));
    }

    private static void latency(String engine, String mode, KeyValueStore store, KeyValueBucket kv, Path dir,
                                String interval, int samples, boolean randomPhase) throws Exception {
        String key = "spec_" + mode.replace(' ', '_');
        kv.put(key, "{\"n\": -1}".getBytes(UTF_8));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("machine.yaml"), """
                name: bench
                version: 1.0.0
                initial_state: on
                transitions:
                  - {name: noop, from: [on], destination: on}
                watchers:
                  - name: spec
                    type: kv
                    interval: %s
                    properties:
                      bucket: BENCH
                      key: %s
                      mode: %s
                """.formatted(interval, key, mode.startsWith("watch") ? "watch" : "poll"));
        WatcherServices services = WatcherServices.NONE.withStore(store);
        MachineEnvironment env = new MachineEnvironment("bench", Json::object, TimeSource.system(), new Random(1),
                e -> { }, n -> Optional.empty(), t -> { }, services);
        Machine machine = new MachineLoader(WatcherRegistry.of(List.of(new KvWatcherFactory())))
                .load(ManifestParser.read(dir), dir, true, env);
        machine.start();
        String dataKey = "BENCH_" + key;
        try {
            waitFor(machine, dataKey, -1);
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                if (randomPhase) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1000));
                }
                long start = System.nanoTime();
                kv.put(key, ("{\"n\": " + i + "}").getBytes(UTF_8));
                waitFor(machine, dataKey, i);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("%-9s  put->data %-8s p50 %8.2f ms   p99 %8.2f ms   max %8.2f ms   (%d samples)%n",
                    engine, mode, nanos[samples / 2] / 1e6, nanos[Math.min(samples - 1, (int) (samples * 0.99))] / 1e6,
                    nanos[samples - 1] / 1e6, samples);
        } finally {
            machine.stop();
        }
    }

    private static void waitFor(Machine machine, String dataKey, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (machine.data().path(dataKey).path("n").asInt(Integer.MIN_VALUE) != n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("value " + n + " did not reach machine data within 30s");
            }
            Thread.onSpinWait();
        }
    }
}

package mms.kv.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mms.kv.ConnectOptions;
import mms.kv.EnterOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.Slot;
import mms.time.Backoff;

/**
 * Not a test: 200 simulated nodes (virtual threads, each with its own store connection) deploy
 * one archive through a governor of capacity 10. Each holder downloads a 1 MiB file from a loopback
 * HTTP server and then spends 250 ms "extracting". Prints the total time, the highest concurrency
 * observed (incremented after entering, decremented before leaving, so it can only under-count
 * real overlap by the measuring gap, never over-count) and wait statistics.
 *
 * <pre>
 * scripts/bench mms.kv.bench.GovernorBench nats://127.0.0.1:4222 [nodes] [capacity] [agent|fast]
 * scripts/bench mms.kv.bench.GovernorBench sqlite:/tmp/bench.db
 * scripts/bench mms.kv.bench.GovernorBench sqlite:/tmp/bench.db --quick
 * </pre>
 *
 * {@code --quick} is a smoke run in a few seconds (6 nodes, capacity 2; the figures mean nothing).
 * Exits 1 when a node failed or more nodes than the capacity held a slot at once.
 */
public final class GovernorBench {
    private GovernorBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        boolean quick = positional.remove("--quick");
        if (positional.isEmpty()) {
            System.err.println("usage: GovernorBench URL [nodes] [capacity] [agent|fast] [--quick]");
            System.exit(2);
        }
        String url = positional.get(0);
        int nodes = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : quick ? 6 : 200;
        int capacity = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : quick ? 2 : 10;
        boolean agent = positional.size() <= 3 || positional.get(3).equals("agent");
        byte[] archive = new byte[1 << 20];
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/archive.tgz", ex -> {
            ex.sendResponseHeaders(200, archive.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(archive);
            }
        });
        http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        URI source = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/archive.tgz");
        String name = "bench_" + ProcessHandle.current().pid();
        try (KeyValueStore admin = KeyValueStores.open(url, ConnectOptions.NONE)) {
            admin.governors().add(name, capacity, Duration.ofMinutes(5), 1);
        }
        EnterOptions options = agent ? EnterOptions.of(Duration.ofMinutes(10))
                : new EnterOptions(Duration.ofMinutes(10),
                        new Backoff(Backoff.millis(50, 100, 200), Backoff.Jitter.AROUND), true);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong waitedNanos = new AtomicLong();
        AtomicLong longestWait = new AtomicLong();
        HttpClient client = HttpClient.newBuilder().build();
        List<KeyValueStore> connections = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            connections.add(KeyValueStores.open(url, ConnectOptions.NONE));
        }
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            KeyValueStore store = connections.get(i);
            String holder = "Auto Agent  deploy#archive @ node" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                long asked = System.nanoTime();
                try (Slot slot = store.governors().enter(name, holder, options)) {
                    long waited = System.nanoTime() - asked;
                    waitedNanos.addAndGet(waited);
                    longestWait.accumulateAndGet(waited, Math::max);
                    int now = inside.incrementAndGet();
                    highest.accumulateAndGet(now, Math::max);
                    Path file = Files.createTempFile("bench", ".tgz");
                    try {
                        client.send(HttpRequest.newBuilder(source).build(), HttpResponse.BodyHandlers.ofFile(file));
                        Thread.sleep(250);
                    } finally {
                        Files.deleteIfExists(file);
                        inside.decrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println(holder + ": " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = System.nanoTime() - start;
        connections.forEach(KeyValueStore::close);
        try (KeyValueStore admin = KeyValueStores.open(url, ConnectOptions.NONE)) {
            admin.governors().remove(name);
        }
        http.stop(0);
        double ideal = Math.ceil(nodes / (double) capacity) * 0.25;
        System.out.printf("store=%s nodes=%d capacity=%d backoff=%s total=%.2fs ideal>=%.2fs highest_concurrency=%d"
                        + " mean_wait=%.2fs longest_wait=%.2fs failures=%d%n",
                url.startsWith("sqlite:") ? "sqlite" : "jetstream", nodes, capacity, agent ? "FiveSec" : "fast",
                total / 1e9, ideal, highest.get(), waitedNanos.get() / 1e9 / nodes, longestWait.get() / 1e9, failures.get());
        System.exit(highest.get() <= capacity && failures.get() == 0 ? 0 : 1);
    }
}

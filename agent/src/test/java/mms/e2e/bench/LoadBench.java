package mms.e2e.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import mms.archive.bundle.MachineBundle;
import mms.e2e.Agent;
import mms.e2e.Operator;
import mms.event.TransitionNotification;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServer;
import mms.runtime.Machine;

/**
 * Load benchmark and check; prints a report. Run {@code scripts/bench mms.e2e.bench.LoadBench
 * [LOCAL] [ENTRIES] [MATCHING] [SPECIFICATIONS] [--quick]}, default 200, 1000, 50 and 100.
 *
 * <p>One real agent ({@link Agent}: host, built-in manager, signing key) on SQLite runs
 * {@code LOCAL} local machines, each flipping between two states on 1 s timers, while an operator
 * puts {@code SPECIFICATIONS} signed specifications back to back, each of {@code ENTRIES} entries
 * of which {@code MATCHING} may match this node (the others name other nodes), with machines
 * appearing, disappearing and changing version from one specification to the next. Then a second
 * round of as many. After each round the agent must converge to the last specification (every
 * wanted machine running at its version, nothing else managed, no staging or purge leftovers, every
 * local machine still loaded); threads, open file descriptors and the heap after a full GC are
 * measured at the end of each round and must not grow from the first round to the second (a leak
 * grows with every round; a few threads and descriptors of slack allow for pools that size
 * themselves). A broken promise exits 1; the figures themselves never fail.
 */
public final class LoadBench {
    private static final Duration CONVERGE = Duration.ofMinutes(5);
    private static final int THREAD_SLACK = 8;
    private static final int DESCRIPTOR_SLACK = 8;
    /** Heap after a full GC may vary with what caches hold; a leak proportional to the work is far larger. */
    private static final long HEAP_SLACK = 32L << 20;

    private LoadBench() {}

    private record Size(int local, int entries, int matching, int specifications) {
        static final Size FULL = new Size(200, 1000, 50, 100);
        static final Size QUICK = new Size(20, 100, 4, 10);

        Size with(List<String> positional) {
            return new Size(positional.size() > 0 ? Integer.parseInt(positional.get(0)) : local,
                    positional.size() > 1 ? Integer.parseInt(positional.get(1)) : entries,
                    positional.size() > 2 ? Integer.parseInt(positional.get(2)) : matching,
                    positional.size() > 3 ? Integer.parseInt(positional.get(3)) : specifications);
        }
    }

    /** What the process holds at one moment. */
    private record Gauges(int threads, long descriptors, long heapBytes) {
        static Gauges read() throws IOException, InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            long descriptors;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                descriptors = fds.count();
            }
            return new Gauges(ManagementFactory.getThreadMXBean().getThreadCount(), descriptors,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        @Override
        public String toString() {
            return "%d threads, %d descriptors, heap %d MB".formatted(threads, descriptors, heapBytes >> 20);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [local] [entries] [matching] [specifications] [--quick]}; {@code --quick} is a
     *     smoke run (20, 100, 4, 10) whose figures mean nothing but whose checks still hold
     */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        Size size = (positional.remove("--quick") ? Size.QUICK : Size.FULL).with(positional);
        for (String logger : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "mms")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(logger))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        System.out.printf("mms load benchmark: %d local machines on 1s timers, %d-entry specifications (%d may match"
                + " this node), %d specifications put back to back per round, %d cpus, java %s%n", size.local(),
                size.entries(), size.matching(), size.specifications(), Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        Path dir = Files.createTempDirectory("mms-load-bench-");
        List<String> broken = new ArrayList<>();
        try {
            run(dir, size, broken);
        } finally {
            NatsServer.deleteTree(dir);
        }
        if (!broken.isEmpty()) {
            broken.forEach(b -> System.out.println("BROKEN: " + b));
            System.exit(1);
        }
        System.out.println("every check held");
        System.exit(0);
    }

    private static void run(Path dir, Size size, List<String> broken) throws Exception {
        Path machines = Files.createDirectories(dir.resolve("machines"));
        for (int i = 0; i < size.local(); i++) {
            writeLocalMachine(machines, "local%03d".formatted(i));
        }
        AtomicLong localTransitions = new AtomicLong();
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
             Operator operator = new Operator(dir.resolve("operator"))) {
            KeyValueBucket bucket = store.createBucket(BucketConfig.of("LOAD").withHistory(5));
            long began = System.nanoTime();
            Map<String, MachineBundle> bundles = new HashMap<>();
            for (int i = 0; i < size.matching(); i++) {
                for (String version : List.of("1.0.0", "2.0.0")) {
                    bundles.put(pool(i) + "@" + version, operator.bundle(pool(i), version));
                }
            }
            System.out.printf("bundled %d archives in %d ms%n", bundles.size(), millis(System.nanoTime() - began));
            Agent.Options options = new Agent.Options("watch", Duration.ofMinutes(1),
                    Optional.of(operator.key().publicKey()), event -> {
                        if (event instanceof TransitionNotification t && t.machine().startsWith("local")) {
                            localTransitions.incrementAndGet();
                        }
                    }).withoutRecording();
            try (Agent agent = Agent.start(machines, store, "LOAD", options)) {
                long startedAt = System.nanoTime();
                await("local machines loaded", () -> localMachines(agent) == size.local() ? "" : localMachines(agent)
                        + " of " + size.local() + " local machines loaded");
                System.out.printf("%d local machines loaded in %d ms; %s%n", size.local(),
                        millis(System.nanoTime() - startedAt), Gauges.read());
                System.out.println();
                System.out.printf("%-6s %8s %10s %8s %12s %8s%n", "round", "put (ms)", "converge", "threads",
                        "descriptors", "heap MB");
                List<Gauges> rounds = new ArrayList<>();
                for (int round = 1; round <= 2; round++) {
                    long transitionsBefore = localTransitions.get();
                    long roundStart = System.nanoTime();
                    Map<String, String> wanted = Map.of();
                    for (int k = 0; k < size.specifications(); k++) {
                        int variant = round * size.specifications() + k;
                        wanted = wanted(size, variant);
                        bucket.put(Agent.KEY, specification(operator, bundles, size, wanted).getBytes(UTF_8));
                    }
                    long putMs = millis(System.nanoTime() - roundStart);
                    Map<String, String> last = wanted;
                    await("round " + round + " converged", () -> divergence(agent, machines, last, size.local()));
                    long convergeMs = millis(System.nanoTime() - roundStart);
                    Gauges g = Gauges.read();
                    rounds.add(g);
                    System.out.printf("%-6d %8d %10s %8d %12d %8d   (%d of %d pool machines wanted; local machines"
                                    + " made %d transitions meanwhile)%n", round, putMs, convergeMs + " ms", g.threads(),
                            g.descriptors(), g.heapBytes() >> 20, last.size(), size.matching(),
                            localTransitions.get() - transitionsBefore);
                }
                Gauges first = rounds.get(0);
                Gauges second = rounds.get(1);
                if (second.threads() > first.threads() + THREAD_SLACK) {
                    broken.add("threads grew from " + first.threads() + " to " + second.threads());
                }
                if (second.descriptors() > first.descriptors() + DESCRIPTOR_SLACK) {
                    broken.add("open file descriptors grew from " + first.descriptors() + " to " + second.descriptors());
                }
                if (second.heapBytes() > first.heapBytes() + first.heapBytes() / 2 + HEAP_SLACK) {
                    broken.add("heap after a full GC grew from " + (first.heapBytes() >> 20) + " MB to "
                            + (second.heapBytes() >> 20) + " MB");
                }
                if (localTransitions.get() == 0) {
                    broken.add("the local machines' timers never fired");
                }
            }
        } catch (IllegalStateException e) {
            broken.add(e.getMessage());
        }
    }

    private static String pool(int i) {
        return "load%03d".formatted(i);
    }

    /**
     * The pool machines variant {@code v} wants, with their versions: about four in five of the
     * pool, a different four each time, half of them at the other version.
     */
    private static Map<String, String> wanted(Size size, int v) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < size.matching(); i++) {
            if ((i * 7 + v * 3) % 5 != 0) {
                wanted.put(pool(i), (i + v) % 2 == 0 ? "1.0.0" : "2.0.0");
            }
        }
        return wanted;
    }

    /** A signed specification listing {@code wanted} for this node and the rest of the entries for other nodes. */
    private static String specification(Operator operator, Map<String, MachineBundle> bundles, Size size,
                                        Map<String, String> wanted) {
        List<ObjectNode> entries = new ArrayList<>();
        wanted.forEach((name, version) -> entries.add(Operator.entry(bundles.get(name + "@" + version),
                "identity('^node1\\\\.')")));
        MachineBundle any = bundles.values().iterator().next();
        for (int i = entries.size(); i < size.entries(); i++) {
            ObjectNode other = Operator.entry(any, "identity('^web%d\\\\.')".formatted(i));
            other.put("name", "elsewhere%04d".formatted(i));
            entries.add(other);
        }
        return operator.signed(entries.toArray(ObjectNode[]::new));
    }

    /** What still differs from the wanted state, or "" when converged. */
    private static String divergence(Agent agent, Path machines, Map<String, String> wanted, int local)
            throws IOException {
        List<String> differences = new ArrayList<>();
        wanted.forEach((name, version) -> {
            if (agent.running(name, version).isEmpty()) {
                differences.add(name + " not running at " + version);
            }
        });
        Set<String> managed = new TreeSet<>();
        for (Machine m : agent.host().machines()) {
            if (m.name().startsWith("mm_")) {
                managed.add(m.name().substring(3));
            } else if (m.name().startsWith("load") && !wanted.containsKey(m.name())) {
                differences.add(m.name() + " still runs");
            }
        }
        managed.removeAll(wanted.keySet());
        managed.forEach(name -> differences.add("mm_" + name + " still manages it"));
        try (Stream<Path> children = Files.list(machines)) {
            children.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") || n.endsWith("-temp")
                            || n.startsWith("load") && !wanted.containsKey(n)
                            || n.startsWith("mm_load") && !wanted.containsKey(n.substring(3)))
                    .forEach(n -> differences.add(n + " left in the machines directory"));
        }
        if (localMachines(agent) != local) {
            differences.add(localMachines(agent) + " of " + local + " local machines loaded");
        }
        return String.join(", ", differences);
    }

    private static long localMachines(Agent agent) {
        return agent.host().machines().stream().filter(m -> m.name().startsWith("local")).count();
    }

    private interface Divergence {
        String get() throws IOException;
    }

    private static void await(String what, Divergence divergence) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        String last = divergence.get();
        while (!last.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not after " + CONVERGE.toMinutes() + " minutes: " + last);
            }
            Thread.sleep(100);
            last = divergence.get();
        }
    }

    /** A local machine (no manager) that flips between two states on 1 s timers, forever. */
    private static void writeLocalMachine(Path machines, String name) throws IOException {
        Path dir = Files.createDirectories(machines.resolve(name));
        Files.writeString(dir.resolve("machine.yaml"), """
                name: %s
                version: 1.0.0
                initial_state: one
                transitions:
                  - {name: flip, from: [one], destination: two}
                  - {name: flop, from: [two], destination: one}
                watchers:
                  - {name: tick, type: timer, state_match: [one], fail_transition: flip, properties: {timer: 1s}}
                  - {name: tock, type: timer, state_match: [two], fail_transition: flop, properties: {timer: 1s}}
                """.formatted(name));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}

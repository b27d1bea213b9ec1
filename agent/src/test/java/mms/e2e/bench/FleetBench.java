package mms.e2e.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mms.archive.bundle.MachineBundle;
import mms.cli.Main;
import mms.e2e.Operator;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.Messages;
import mms.kv.testing.NatsServer;
import mms.status.FleetFeed;
import mms.status.NodeStatus;

/**
 * Fleet benchmark; prints a report, not a test. Run {@code scripts/bench-fleet [N] [CAPACITY]}.
 *
 * <p>N real agents, each its own process ({@code mms agent --manage} with the JVM settings of
 * {@code dist/jvm.options}, as {@code bin/mms} starts it), with its own identity, machines and
 * state directories, against one local {@code nats-server -js} the benchmark starts. Agents are
 * started while fewer than two per CPU are still starting (have not written their status record),
 * so a big fleet on a big host starts as fast as the host allows and a small host is not swamped.
 * Then:
 * <ol>
 *   <li><b>deploy</b>: a signed specification with one machine (archive served over HTTP on
 *       127.0.0.1) is put, and {@code mms fleet status --wait} is started as an operator would
 *       after {@code mms kv put}, in its own JVM;
 *   <li><b>upgrade through a governor</b>: the next version, its entry limited by a governor of
 *       CAPACITY slots (default N/5, at least 1), put and waited for the same way.
 * </ol>
 * Put → running is, for each node, the time from just before the put to the arrival of the node's
 * transition of the new version into {@code running} on {@code choria.machine.transition} (the
 * agents publish their events on the bus); p50/p99/max are across nodes. Memory is the sum of the
 * agents' resident sets after the upgrade. Messages and bytes per node are the server's counts for
 * each agent's connection ({@code /connz}) over both rollouts: "in" what the agent published
 * (status records, events, KV and governor requests), "out" what the server delivered to it.
 * {@code --quick} runs two agents: a smoke run in seconds whose figures mean nothing.
 */
public final class FleetBench {
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final String GOVERNOR = "FLEETBENCH";
    /** The JVM settings bin/mms and the package start the agent with (scripts/bench runs from the checkout). */
    private static final List<String> JVM_OPTIONS = List.of("@" + Path.of("dist", "jvm.options").toAbsolutePath(),
            "@" + Path.of("dist", "agent.jvm.options").toAbsolutePath());

    private FleetBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [nodes] [capacity] [--quick]}: default 20 nodes and a governor of nodes/5 slots
     */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        boolean quick = positional.remove("--quick");
        int nodes = positional.isEmpty() ? (quick ? 2 : 20) : Integer.parseInt(positional.get(0));
        int capacity = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : Math.max(1, nodes / 5);
        Path dir = Files.createTempDirectory("mms-fleet-bench-");
        int cpus = Runtime.getRuntime().availableProcessors();
        System.out.printf("mms fleet benchmark: %d agent processes, governor of %d slots, %d cpus, java %s, load %s%n",
                nodes, capacity, cpus, Runtime.version(), loadAverage());
        List<Process> agents = new ArrayList<>();
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"), List.of("-m", "-1"));
             KeyValueStore store = KeyValueStores.open(nats.url(), ConnectOptions.NONE);
             Operator operator = new Operator(dir.resolve("operator"))) {
            String monitor = nats.monitorUrl().orElseThrow(() -> new IllegalStateException("nats-server has no monitoring port"));
            long benchConnection = connections(monitor).keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            KeyValueBucket bucket = store.createBucket(BucketConfig.of("MACHINES").withHistory(5));
            store.governors().add(GOVERNOR, capacity, Duration.ofMinutes(5), 1);
            MachineBundle v1 = operator.bundle("app", "1.0.0");
            MachineBundle v2 = operator.bundle("app", "2.0.0");
            Arrivals running = new Arrivals();
            Messages messages = store.messages().orElseThrow();
            messages.subscribe("choria.machine.transition", (subject, body) -> running.arrived(body));

            try (FleetFeed feed = FleetFeed.open(store, "MACHINES", "machines")) {
                long began = System.nanoTime();
                startAgents(nodes, Math.max(2, 2 * cpus), dir, nats.url(), operator, feed, agents);
                System.out.printf("%nstarted %d agents in %.1f s (at most %d starting at once)%n", nodes,
                        seconds(System.nanoTime() - began), Math.max(2, 2 * cpus));
            }
            Map<Long, long[]> before = connections(monitor);

            System.out.println();
            System.out.printf("%-34s %8s %8s %8s %8s   %s%n", "put -> running (ms)", "nodes", "p50", "p99", "max",
                    "mms fleet status --wait returned");
            rollout("deploy 1.0.0", bucket, operator.signed(Operator.entry(v1)), "1.0.0", nodes, nats.url(), running);
            ObjectNode governed = Operator.entry(v2);
            governed.put("governor", GOVERNOR);
            rollout("upgrade 2.0.0, governor of " + capacity, bucket, operator.signed(governed), "2.0.0", nodes,
                    nats.url(), running);

            Map<Long, long[]> after = connections(monitor);
            long rss = agents.stream().mapToLong(p -> residentKb(p.pid())).sum();
            System.out.printf("%nagents' resident memory: %.0f MB in total, %.0f MB per agent%n", rss / 1024.0,
                    rss / 1024.0 / nodes);
            traffic(before, after, benchConnection, nodes);
            System.out.printf("load after: %s%n", loadAverage());
        } finally {
            stop(agents);
            NatsServer.deleteTree(dir);
        }
        System.exit(0);
    }

    /** Starts {@code nodes} agents, at most {@code window} of them not yet reporting at any time. */
    private static void startAgents(int nodes, int window, Path dir, String url, Operator operator, FleetFeed feed,
                                    List<Process> agents) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int reported = 0;
        while (reported < nodes) {
            while (agents.size() < nodes && agents.size() - reported < window) {
                agents.add(startAgent(String.format("node%04d", agents.size() + 1), dir, url, operator));
            }
            feed.awaitChange(Duration.ofSeconds(1));
            reported = feed.records().nodes().size();
            for (Process p : agents) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("an agent exited with " + p.exitValue() + ", see its log in " + dir);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(reported + " of " + nodes + " agents reported after " + WAIT);
            }
        }
    }

    private static Process startAgent(String identity, Path dir, String url, Operator operator) throws IOException {
        Path node = Files.createDirectories(dir.resolve(identity));
        List<String> command = java(List.of("agent", "--identity", identity,
                "--machines", node.resolve("machines").toString(), "--state-dir", node.resolve("state").toString(),
                "--store", url, "--manage", "--manage-bucket", "MACHINES",
                "--signing-key", operator.key().publicKey().hex(), "--log-level", "warn"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(node.resolve("agent.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MMS_"));
        return builder.start();
    }

    /** {@code java [bin/mms's options] -cp [the main class path] mms.cli.Main ARGS}. */
    private static List<String> java(List<String> args) {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")) // the agent's own logging, not the tests'
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classPath, Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** Puts {@code specification}, runs {@code mms fleet status --wait} and prints the figures. */
    private static void rollout(String label, KeyValueBucket bucket, String specification, String version, int nodes,
                                String url, Arrivals running) throws Exception {
        long start = System.nanoTime();
        bucket.put("machines", specification.getBytes(UTF_8));
        Process wait = new ProcessBuilder(java(List.of("fleet", "status", "--wait", "--timeout", "10m", "--store", url,
                "--manage-bucket", "MACHINES"))).redirectErrorStream(true).start();
        String output = new String(wait.getInputStream().readAllBytes(), UTF_8);
        if (!wait.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            wait.destroyForcibly();
            throw new IllegalStateException(label + ": mms fleet status --wait did not return in " + WAIT);
        }
        long waited = System.nanoTime() - start;
        if (wait.exitValue() != 0) {
            throw new IllegalStateException(label + ": mms fleet status --wait exited " + wait.exitValue() + ":\n" + output);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        double[] millis = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            String node = String.format("node%04d", i + 1);
            long at = running.await(node, version, deadline).orElseThrow(() -> new IllegalStateException(label
                    + ": no transition of app " + version + " to running from " + node));
            millis[i] = (at - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%-34s %8d %8.0f %8.0f %8.0f   after %.2f s, exit 0%n", label, nodes,
                percentile(millis, 50), percentile(millis, 99), millis[nodes - 1], seconds(waited));
    }

    /** When each node's transition of app into {@code running} arrived, by version. */
    private static final class Arrivals {
        private final Map<String, Long> arrivals = new HashMap<>(); // identity + " " + version -> nanoTime

        /** Takes one transition event from the bus. */
        synchronized void arrived(byte[] body) {
            long now = System.nanoTime();
            try {
                JsonNode data = Json.mapper().readTree(body).path("data");
                if (data.path("machine").asText().equals("app") && data.path("to_state").asText().equals("running")) {
                    arrivals.putIfAbsent(data.path("identity").asText() + " " + data.path("version").asText(), now);
                    notifyAll();
                }
            } catch (IOException e) {
                System.err.println("unreadable event: " + e.getMessage());
            }
        }

        /** When {@code node} announced {@code version} running; empty if not by {@code deadline} (nanoTime). */
        synchronized Optional<Long> await(String node, String version, long deadline) throws InterruptedException {
            String key = node + " " + version;
            while (!arrivals.containsKey(key)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return Optional.of(arrivals.get(key));
        }
    }

    /** The server's counts per open client connection: cid -> {in_msgs, out_msgs, in_bytes, out_bytes}. */
    private static Map<Long, long[]> connections(String monitor) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create(monitor + "/connz?limit=100000")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<Long, long[]> counts = new HashMap<>();
            for (JsonNode c : Json.mapper().readTree(body).path("connections")) {
                counts.put(c.path("cid").asLong(), new long[] {c.path("in_msgs").asLong(), c.path("out_msgs").asLong(),
                    c.path("in_bytes").asLong(), c.path("out_bytes").asLong()});
            }
            return counts;
        }
    }

    /** Per agent connection, what the server counted between {@code before} and {@code after}. */
    private static void traffic(Map<Long, long[]> before, Map<Long, long[]> after, long bench, int nodes) {
        Set<Long> agents = after.keySet().stream().filter(cid -> cid != bench && before.containsKey(cid))
                .collect(Collectors.toSet());
        if (agents.size() != nodes) {
            System.out.printf("(%d agent connections seen by the server, not %d: an agent reconnected)%n",
                    agents.size(), nodes);
        }
        String[] names = {"messages in", "messages out", "bytes in", "bytes out"};
        System.out.println("server counts per agent connection over both rollouts (mean / max):");
        for (int k = 0; k < names.length; k++) {
            int which = k;
            long[] deltas = agents.stream().mapToLong(cid -> after.get(cid)[which] - before.get(cid)[which]).toArray();
            System.out.printf("  %-13s %10.0f / %d%n", names[k], Arrays.stream(deltas).average().orElse(0),
                    Arrays.stream(deltas).max().orElse(0));
        }
    }

    private static long residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    private static void stop(List<Process> agents) throws InterruptedException {
        agents.forEach(Process::destroy);
        for (Process p : agents) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return String.join(" ", Arrays.asList(fields).subList(0, Math.min(3, fields.length)));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

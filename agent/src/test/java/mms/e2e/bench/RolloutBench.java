package mms.e2e.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import mms.agent.Agent;
import mms.archive.bundle.MachineBundle;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.duration.CliDuration;
import mms.duration.DurationFormatException;
import mms.duration.GoDuration;
import mms.e2e.Operator;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServer;
import mms.status.FleetFeed;
import mms.status.NodeStatus;
import mms.watcher.RolloutReport;
import mms.watcher.RolloutState;
import org.slf4j.LoggerFactory;

/**
 * Rollout benchmark; prints a report, not a test. Run {@code scripts/bench-rollout [NODES]
 * [--pause DURATION] [--within DURATION] [--quick]}.
 *
 * <p>{@code NODES} real agents ({@link Agent#start}, each with its own identity, machines and state
 * directory, status records every second) in this JVM on a local nats-server, all running version
 * 1 of a machine. Then:
 * <ul>
 *   <li><b>Four waves.</b> Version 2, with a health check and the plan
 *       {@code ["1", "10%", "50%", "100%"]} and {@code pause}: the time from the put to the last
 *       node healthy, against the sum of the three pauses between the waves; the difference is what
 *       the waves add (each wave: install, the health check, the status record, the next nodes
 *       seeing it). Per wave, when its first node started installing and its last was healthy,
 *       from the nodes' own rollout records.</li>
 *   <li><b>A bad canary.</b> Version 3, which never becomes healthy, with {@code within}: the time
 *       from the put to the canary's revert (its health deadline, counted from the start of its
 *       install), and from that revert to every other node having halted.</li>
 * </ul>
 * {@code --quick} is a smoke run in seconds (4 nodes, a pause of 1s, within 2s; the figures mean
 * nothing).
 */
public final class RolloutBench {
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final String BUCKET = "MACHINES";
    private static final String WAVES = "[\"1\",\"10%\",\"50%\",\"100%\"]";

    private final List<String> nodes = new ArrayList<>();
    private final Path dir;
    private final KeyValueStore store;
    private final KeyValueBucket bucket;
    private final Operator operator;

    private RolloutBench(Path dir, KeyValueStore store, KeyValueBucket bucket, Operator operator) {
        this.dir = dir;
        this.store = store;
        this.bucket = bucket;
        this.operator = operator;
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [nodes] [--pause DURATION] [--within DURATION] [--quick]}, default 20 nodes,
     *     a pause of 5s and within 10s
     */
    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean quick = rest.remove("--quick");
        Duration pause = option(rest, "--pause").orElse(quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5));
        Duration within = option(rest, "--within").orElse(quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10));
        int count = rest.isEmpty() ? (quick ? 4 : 20) : Integer.parseInt(rest.getFirst());
        // the agents' per-deployment lines would bury the report; errors still show on stderr
        for (String logger : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "mms")) {
            ((Logger) LoggerFactory.getLogger(logger)).setLevel(Level.ERROR);
        }
        Path dir = Files.createTempDirectory("mms-rollout-bench-");
        System.out.printf("mms rollout benchmark: %d agents in one JVM on a local nats-server, waves %s, pause %s,"
                        + " bad version within %s, %d cpus, java %s%n", count, WAVES, GoDuration.format(pause),
                GoDuration.format(within), Runtime.getRuntime().availableProcessors(), Runtime.version());
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"), List.of());
             KeyValueStore store = KeyValueStores.open(nats.url(), ConnectOptions.NONE);
             Operator operator = new Operator(dir.resolve("operator"))) {
            RolloutBench bench = new RolloutBench(dir, store,
                    store.createBucket(BucketConfig.of(BUCKET).withHistory(5)), operator);
            List<Agent> agents = new ArrayList<>();
            try {
                for (int i = 1; i <= count; i++) {
                    agents.add(bench.start(String.format("node%03d", i), nats.url()));
                }
                bench.run(pause, within);
            } finally {
                agents.forEach(Agent::close); // while the server still runs: each writes its last record
            }
        } finally {
            NatsServer.deleteTree(dir);
        }
        System.exit(0);
    }

    private static Optional<Duration> option(List<String> args, String name) throws DurationFormatException {
        int at = args.indexOf(name);
        if (at < 0) {
            return Optional.empty();
        }
        Duration value = CliDuration.parse(args.get(at + 1));
        args.remove(at + 1);
        args.remove(at);
        return Optional.of(value);
    }

    private Agent start(String identity, String url) throws Exception {
        Path node = dir.resolve(identity);
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.IDENTITY, identity);
        flags.put(Setting.MACHINES, node.resolve("machines").toString());
        flags.put(Setting.STATE_DIR, node.resolve("state").toString());
        flags.put(Setting.STORE, url);
        flags.put(Setting.MANAGE, "true");
        flags.put(Setting.MANAGE_BUCKET, BUCKET);
        flags.put(Setting.SIGNING_KEY, operator.key().publicKey().hex());
        flags.put(Setting.STATUS_INTERVAL, "1s");
        nodes.add(identity);
        return Agent.start(AgentConfig.resolve(Optional.empty(), Map.of(), flags));
    }

    private void run(Duration pause, Duration within) throws Exception {
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        Instant t = put(Operator.entry(v1));
        awaitEveryNode(m -> m.version().equals(Optional.of("1.0.0")) && m.state().equals(Optional.of("running")));
        System.out.printf("%nversion 1 (no plan) on every node after %s s%n", seconds(Duration.between(t, Instant.now())));

        MachineBundle v2 = operator.bundle("app", "2.0.0");
        Instant start = put(supervised(v2, pause, Duration.ofMinutes(1)));
        awaitEveryNode(rollout(v2, RolloutState.HEALTHY::equals));
        Map<Integer, List<JsonNode>> waves = new TreeMap<>();
        Instant end = start;
        for (String node : nodes) {
            JsonNode track = track(node);
            waves.computeIfAbsent(track.path("wave").asInt(), k -> new ArrayList<>()).add(track);
            Instant healthy = Instant.parse(track.path("since").asText());
            end = healthy.isAfter(end) ? healthy : end;
        }
        Duration total = Duration.between(start, end);
        Duration pauses = pause.multipliedBy(waves.size() - 1L);
        System.out.printf("%nversion 2 in waves %s on %d nodes (%d waves with nodes): put -> every node healthy%n",
                WAVES, nodes.size(), waves.size());
        System.out.printf("%-6s %6s %12s %12s %10s%n", "wave", "nodes", "started (s)", "healthy (s)", "took (s)");
        for (var wave : waves.entrySet()) {
            Instant first = wave.getValue().stream().map(w -> Instant.parse(w.path("installing_since").asText()))
                    .min(Instant::compareTo).orElseThrow();
            Instant last = wave.getValue().stream().map(w -> Instant.parse(w.path("since").asText()))
                    .max(Instant::compareTo).orElseThrow();
            System.out.printf("%-6d %6d %12s %12s %10s%n", wave.getKey(), wave.getValue().size(),
                    seconds(Duration.between(start, first)), seconds(Duration.between(start, last)),
                    seconds(Duration.between(first, last)));
        }
        System.out.printf("total %s s, pauses between them %d x %s = %s s, overhead of the waves %s s (%s s per wave)%n",
                seconds(total), waves.size() - 1, GoDuration.format(pause), seconds(pauses),
                seconds(total.minus(pauses)), seconds(total.minus(pauses).dividedBy(waves.size())));

        MachineBundle v3 = operator.bundle("app", "3.0.0",
                Operator.machineYaml("app", "3.0.0").replace("/bin/true", "/bin/false"));
        Instant bad = put(supervised(v3, pause, within));
        awaitEveryNode(rollout(v3, s -> s == RolloutState.REVERTED || s == RolloutState.HALTED));
        Instant reverted = null;
        Instant installing = null;
        Instant halted = bad;
        for (String node : nodes) {
            RolloutReport r = app(node).flatMap(NodeStatus.MachineStatus::rollout).orElseThrow();
            if (r.state() == RolloutState.REVERTED) {
                reverted = r.since();
                installing = Instant.parse(track(node).path("installing_since").asText());
            } else {
                halted = r.since().isAfter(halted) ? r.since() : halted;
            }
        }
        if (reverted == null) {
            throw new IllegalStateException("no node reverted version 3");
        }
        System.out.printf("%na bad canary: version 3 never becomes healthy (within %s)%n", GoDuration.format(within));
        System.out.printf("put -> canary installs %s s, -> canary reverted %s s (deadline %s after its install),"
                        + " -> every other node halted %s s%n", seconds(Duration.between(bad, installing)),
                seconds(Duration.between(bad, reverted)), GoDuration.format(within), seconds(Duration.between(bad, halted)));
        System.out.printf("bad canary -> halt: %s s from the canary's revert to the last of %d nodes halted%n",
                seconds(Duration.between(reverted, halted)), nodes.size() - 1);
    }

    private Instant put(ObjectNode entry) throws Exception {
        Instant now = Instant.now();
        bucket.put("machines", operator.signed(entry).getBytes(UTF_8));
        return now;
    }

    private static ObjectNode supervised(MachineBundle bundle, Duration pause, Duration within) throws Exception {
        ObjectNode entry = Operator.entry(bundle);
        entry.set("health", Json.mapper().readTree("{\"states\":[\"running\"],\"within\":\""
                + GoDuration.format(within) + "\"}"));
        entry.set("rollout", Json.mapper().readTree("{\"waves\":" + WAVES + ",\"pause\":\"" + GoDuration.format(pause)
                + "\",\"max_failed\":\"0\",\"auto_revert\":true}"));
        return entry;
    }

    private static Predicate<NodeStatus.MachineStatus> rollout(MachineBundle bundle, Predicate<RolloutState> state) {
        return m -> m.rollout().filter(r -> r.checksum().equals(bundle.checksum()) && state.test(r.state())).isPresent();
    }

    /** Waits, following the status records, until every node's {@code app} satisfies {@code done}. */
    private void awaitEveryNode(Predicate<NodeStatus.MachineStatus> done) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        try (FleetFeed feed = FleetFeed.records(store)) {
            while (Instant.now().isBefore(deadline)) {
                List<NodeStatus> records = feed.records().nodes();
                long ready = records.stream().filter(r -> r.machines().stream()
                        .anyMatch(m -> m.name().equals("app") && done.test(m))).count();
                if (ready == nodes.size()) {
                    return;
                }
                feed.awaitChange(Duration.ofSeconds(1));
            }
        }
        throw new IllegalStateException("the nodes did not get there within " + GoDuration.format(WAIT));
    }

    private Optional<NodeStatus.MachineStatus> app(String node) throws Exception {
        Optional<Entry> entry = store.bucket(NodeStatus.BUCKET).get(node);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return NodeStatus.parse(entry.get().value()).machines().stream().filter(m -> m.name().equals("app")).findFirst();
    }

    /** A node's own record of its rollout of {@code app}: wave, when it started installing, since when it is where it is. */
    private JsonNode track(String node) throws Exception {
        Path file = dir.resolve(node).resolve("machines").resolve(Agent.MANAGER).resolve("rollout_state.json");
        return Json.mapper().readTree(file.toFile()).path("entries").path("app");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}

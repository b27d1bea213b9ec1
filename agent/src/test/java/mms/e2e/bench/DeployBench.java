package mms.e2e.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mms.archive.bundle.MachineBundle;
import mms.digest.Sha256;
import mms.e2e.Agent;
import mms.e2e.Operator;
import mms.event.MachineEvent;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.json.gjson.GJson;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServer;
import mms.spec.Ed25519PrivateKey;
import mms.spec.MachinesValidator;
import mms.spec.ManagedMachine;
import mms.spec.Specification;
import mms.spec.Trust;
import mms.spec.match.FileProbe;
import mms.spec.match.MatchEnvironment;
import mms.spec.match.Matcher;
import mms.watcher.FakeMachine;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import mms.watcher.archive.ArchiveState;
import mms.watcher.archive.ArchiveStateNotification;
import mms.watcher.machines.MachinesProperties;
import mms.watcher.machines.MachinesState;
import mms.watcher.machines.MachinesStateNotification;
import mms.watcher.machines.MachinesWatcher;

/**
 * Deployment benchmark; prints a report, not a test. Run {@code scripts/bench-deploy [RUNS]
 * [POLL_RUNS] [ENTRIES]}.
 *
 * <p><b>Put to running.</b> A real agent ({@link Agent}: host, built-in manager machine, signing
 * key) on SQLite and on a local nats-server, its kv watcher in watch mode and in poll mode
 * (interval 1s). Each run adds one new machine to the signed specification (run {@code i} lists
 * machines 1..i, pre-bundled and served over HTTP on 127.0.0.1) and measures, from just before
 * {@code put}: the machines watcher writing the new manager machine ("applied"), the manager's
 * archive watcher having downloaded and installed it ("installed") and the new machine's own exec
 * watcher having moved it to {@code running} ("running", the headline figure). In poll mode the
 * put happens at a random moment of the interval, so the figures are what a user sees (about half
 * an interval on average), not a best case. Three unmeasured deployments warm up each agent (none
 * with {@code --quick}, a smoke run in a few seconds whose figures mean nothing).
 * Expect about 300 ms between "applied" and "running" on any store: the host gathers filesystem
 * events for 150 ms before it rescans (so a burst causes one reload), and a deployment needs two
 * rescans, one for the manager machine and one for the installed machine.
 *
 * <p><b>1,000 entries.</b> The machines watcher alone ({@link MachinesWatcher} in a
 * {@link FakeMachine}, no host loading the result) applying a signed specification of
 * {@code ENTRIES} entries with a mix of matchers (three quarters match this node): a cold first
 * apply on an empty machines directory (verify, match, write every manager file with fsync) and
 * unchanged re-applies (verify, match, hash every manager file, write nothing), as the watcher's
 * own {@code previous_run_time}; plus the parts of a check on their own.
 */
public final class DeployBench {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private DeployBench() {}

    /**
     * How much to measure.
     *
     * @param runs     measured deployments in watch mode, per store
     * @param pollRuns measured deployments in poll mode, per store
     * @param entries  entries of the evaluated specification
     * @param warmup   unmeasured deployments before the measured ones, per agent
     * @param coldRuns first applies of the evaluated specification
     * @param warmRuns unchanged re-applies after the last first apply
     */
    private record Size(int runs, int pollRuns, int entries, int warmup, int coldRuns, int warmRuns) {
        static final Size FULL = new Size(30, 20, 1000, 3, 5, 30);
        static final Size QUICK = new Size(1, 1, 20, 0, 1, 3);

        /** This size with the command line's {@code [runs] [pollRuns] [entries]}. */
        Size with(List<String> positional) {
            return new Size(positional.size() > 0 ? Integer.parseInt(positional.get(0)) : runs,
                    positional.size() > 1 ? Integer.parseInt(positional.get(1)) : pollRuns,
                    positional.size() > 2 ? Integer.parseInt(positional.get(2)) : entries, warmup, coldRuns, warmRuns);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [runs] [pollRuns] [entries] [--quick]}, default 30, 20 and 1000; {@code --quick}
     *     is a smoke run in a few seconds (1, 1 and 20, no warm-up; the figures mean nothing)
     */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        Size size = (positional.remove("--quick") ? Size.QUICK : Size.FULL).with(positional);
        int runs = size.runs();
        int pollRuns = size.pollRuns();
        int entries = size.entries();
        // the agent's per-deployment WARN lines would bury the report; errors still show on stderr
        for (String logger : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "mms")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(logger))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        Path dir = Files.createTempDirectory("mms-deploy-bench-");
        System.out.printf("mms deploy benchmark: %d watch runs, %d poll runs (interval 1s), %d-entry specification, "
                + "%d cpus, java %s%n", runs, pollRuns, entries, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        try {
            System.out.println();
            System.out.println("put of a new specification -> new machine running (ms from just before put)");
            System.out.printf("%-10s %-8s %5s  %-9s %8s %8s %8s %8s %8s%n",
                    "store", "mode", "runs", "phase", "min", "p50", "mean", "p99", "max");
            latency("sqlite", "sqlite:" + dir.resolve("kv.db"), dir.resolve("sqlite"), size);
            try (NatsServer nats = NatsServer.start(dir.resolve("nats"), List.of())) {
                latency("jetstream", nats.url(), dir.resolve("jetstream"), size);
            }
            System.out.println();
            evaluation(dir.resolve("evaluation"), size);
        } finally {
            NatsServer.deleteTree(dir);
        }
        System.exit(0);
    }

    // --- put to running

    private static void latency(String engine, String url, Path dir, Size size) throws Exception {
        try (KeyValueStore store = KeyValueStores.open(url, ConnectOptions.NONE)) {
            deployments(engine, store, "watch", Duration.ofMinutes(1), dir.resolve("watch"), size.warmup(), size.runs(),
                    false);
            deployments(engine, store, "poll 1s", Duration.ofSeconds(1), dir.resolve("poll"), size.warmup(),
                    size.pollRuns(), true);
        }
    }

    /** Times of one deployment's milestones, in System.nanoTime(). */
    private static final class Milestones {
        final AtomicLong applied = new AtomicLong();
        final AtomicLong installed = new AtomicLong();
        final AtomicLong running = new AtomicLong();
        final CountDownLatch reached = new CountDownLatch(3);
    }

    private static void deployments(String engine, KeyValueStore store, String label, Duration interval, Path dir,
                                    int warmup, int runs, boolean randomPhase) throws Exception {
        String bucketName = "BENCH_" + label.replaceAll("[^a-z0-9]", "");
        KeyValueBucket bucket = store.createBucket(BucketConfig.of(bucketName).withHistory(5));
        Map<String, Milestones> milestones = new ConcurrentHashMap<>();
        int total = warmup + runs;
        try (Operator operator = new Operator(dir.resolve("operator"))) {
            List<ObjectNode> entries = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> specs = new ArrayList<>();
            for (int i = 1; i <= total; i++) {
                String name = String.format("m%03d", i);
                MachineBundle bundle = operator.bundle(name, "1.0.0");
                entries.add(Operator.entry(bundle));
                names.add(name);
                specs.add(operator.signed(entries.toArray(ObjectNode[]::new)));
                milestones.put(name, new Milestones());
            }
            AtomicLong currentIndex = new AtomicLong(-1);
            try (Agent agent = Agent.start(dir.resolve("machines"), store, bucketName, new Agent.Options(
                    label.startsWith("poll") ? "poll" : "watch", interval, Optional.of(operator.key().publicKey()),
                    event -> record(event, milestones, names, currentIndex)))) {
                double[][] samples = new double[3][runs];
                for (int i = 0; i < total; i++) {
                    if (randomPhase) {
                        Thread.sleep(ThreadLocalRandom.current().nextLong(interval.toMillis()));
                    }
                    currentIndex.set(i);
                    Milestones m = milestones.get(names.get(i));
                    long start = System.nanoTime();
                    bucket.put(Agent.KEY, specs.get(i).getBytes(UTF_8));
                    if (!m.reached.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException(engine + " " + label + ": " + names.get(i)
                                + " not running after " + WAIT.toSeconds() + "s");
                    }
                    if (i >= warmup) {
                        samples[0][i - warmup] = millis(m.applied.get() - start);
                        samples[1][i - warmup] = millis(m.installed.get() - start);
                        samples[2][i - warmup] = millis(m.running.get() - start);
                    }
                }
                String[] phases = {"applied", "installed", "running"};
                for (int p = 0; p < phases.length; p++) {
                    print(engine, label, runs, phases[p], samples[p]);
                }
            }
        } finally {
            store.removeBucket(bucketName);
        }
    }

    private static void record(MachineEvent event, Map<String, Milestones> milestones, List<String> names,
                               AtomicLong currentIndex) {
        long now = System.nanoTime();
        switch (event) {
            case TransitionNotification t when t.toState().equals("running") -> stamp(milestones.get(t.machine()), now, 2);
            case WatcherStateNotification w when w.state() instanceof ArchiveStateNotification a
                    && a.previousOutcome() == ArchiveState.DOWNLOADED && w.machine().startsWith("mm_") ->
                    stamp(milestones.get(w.machine().substring(3)), now, 1);
            case WatcherStateNotification w when w.machine().equals(Agent.MANAGER)
                    && w.state() instanceof MachinesStateNotification s && s.previousOutcome() == MachinesState.UPDATED -> {
                int i = (int) currentIndex.get();
                if (i >= 0 && s.machines().size() == i + 1) {
                    stamp(milestones.get(names.get(i)), now, 0);
                }
            }
            default -> { }
        }
    }

    private static void stamp(Milestones m, long now, int which) {
        if (m == null) {
            return;
        }
        AtomicLong milestone = switch (which) {
            case 0 -> m.applied;
            case 1 -> m.installed;
            default -> m.running;
        };
        if (milestone.compareAndSet(0, now)) {
            m.reached.countDown();
        }
    }

    // --- 1,000 entries

    private static void evaluation(Path dir, Size size) throws Exception {
        int count = size.entries();
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        List<ObjectNode> entries = new ArrayList<>();
        String[] matchers = {"", "identity('^node1')", "has_directory('/') && identity('example.net$')",
            "identity('^nomatch')"};
        for (int i = 0; i < count; i++) {
            ObjectNode e = Json.object();
            String name = String.format("app%04d", i);
            e.put("name", name);
            e.put("source", "https://repo.example.net/machines/" + name + "-1.0.0.tar.gz");
            e.put("checksum", sha("a" + i));
            e.put("verify_checksum", sha("v" + i));
            if (!matchers[i % 4].isEmpty()) {
                e.put("match", matchers[i % 4]);
            }
            entries.add(e);
        }
        byte[] payload = Operator.machinesJson(entries.toArray(ObjectNode[]::new));
        String envelope = Specification.pack(payload, Optional.of(key)).toJson();
        System.out.printf("evaluating a specification of %d entries (%d KiB machines.json, %d KiB envelope), "
                + "%d matching this node (ms)%n", count, payload.length / 1024, envelope.length() / 1024,
                count - count / 4);
        System.out.printf("%-36s %5s %8s %8s %8s %8s%n", "", "runs", "min", "p50", "p99", "max");

        // the parts on their own, warmed up
        MatchEnvironment node = new MatchEnvironment(Agent.IDENTITY, Json.object(), List.of(), FileProbe.system(), GJson::get);
        int partRuns = 50;
        double[] verify = new double[partRuns];
        double[] validate = new double[partRuns];
        double[] match = new double[partRuns];
        for (int r = -10; r < partRuns; r++) {
            long t0 = System.nanoTime();
            Specification spec = Specification.parse(envelope);
            if (!spec.verify(key.publicKey()).valid()) {
                throw new IllegalStateException("the benchmark's own specification does not verify");
            }
            long t1 = System.nanoTime();
            List<ManagedMachine> machines = MachinesValidator.validate(spec.payload()).orThrow();
            long t2 = System.nanoTime();
            int matched = 0;
            for (ManagedMachine m : machines) {
                if (Matcher.compile(m.match()).matches(node)) {
                    matched++;
                }
            }
            long t3 = System.nanoTime();
            if (matched != count - count / 4) {
                throw new IllegalStateException("expected " + (count - count / 4) + " matches, got " + matched);
            }
            if (r >= 0) {
                verify[r] = millis(t1 - t0);
                validate[r] = millis(t2 - t1);
                match[r] = millis(t3 - t2);
            }
        }
        printRow("part: parse + verify signature", verify);
        printRow("part: validate entries", validate);
        printRow("part: compile + evaluate matchers", match);

        int coldRuns = size.coldRuns();
        int warmRuns = size.warmRuns();
        double[] cold = new double[coldRuns];
        List<Double> unchanged = new ArrayList<>();
        for (int c = 0; c < coldRuns; c++) {
            Path root = Files.createDirectories(dir.resolve("run" + c));
            FakeMachine machine = new FakeMachine(Agent.MANAGER, root.resolve(Agent.MANAGER), "MANAGE")
                    .identity(Agent.IDENTITY)
                    .services(WatcherServices.NONE.withTrust(Trust.of(Optional.of(key.publicKey()), false)));
            Files.createDirectories(root.resolve(Agent.MANAGER));
            machine.setData(Agent.KEY, Json.mapper().readTree(envelope));
            MachinesWatcher watcher = new MachinesWatcher(
                    new WatcherSettings("manage_machines", "machines", List.of(), List.of(), "", "", Duration.ofHours(1), Duration.ZERO),
                    MachinesProperties.parse(new WatcherProperties("machines watcher 'manage_machines'",
                            Map.of("data_item", Agent.KEY, "purge_unknown", true))),
                    List.of());
            try (FakeMachine.Run run = machine.start(watcher)) {
                run.awaitParked(); // the first check runs at start
                cold[c] = outcome(watcher, MachinesState.UPDATED);
                if (c == coldRuns - 1) {
                    for (int w = -5; w < warmRuns; w++) {
                        run.wakeupAndSettle();
                        double ms = outcome(watcher, MachinesState.UNCHANGED);
                        if (w >= 0) {
                            unchanged.add(ms);
                        }
                    }
                }
            }
            try (var files = Files.list(root)) {
                long managers = files.filter(p -> p.getFileName().toString().startsWith("mm_")).count();
                if (managers != count - count / 4) {
                    throw new IllegalStateException("expected " + (count - count / 4) + " manager machines, found " + managers);
                }
            }
            NatsServer.deleteTree(root);
        }
        printRow("check: cold first apply (writes all)", cold);
        printRow("check: unchanged re-apply", unchanged.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double outcome(MachinesWatcher watcher, MachinesState expected) {
        MachinesStateNotification state = watcher.currentState();
        if (state.previousOutcome() != expected) {
            throw new IllegalStateException("expected outcome " + expected + ", got " + state.previousOutcome());
        }
        return millis(state.previousRunTime());
    }

    private static String sha(String s) throws Exception {
        return Sha256.of(s.getBytes(UTF_8));
    }

    // --- report

    private static double millis(long nanos) {
        return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void print(String engine, String mode, int runs, String phase, double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        System.out.printf("%-10s %-8s %5d  %-9s %8.1f %8.1f %8.1f %8.1f %8.1f%n", engine, mode, runs, phase,
                s[0], percentile(s, 50), Arrays.stream(s).average().orElse(0), percentile(s, 99), s[s.length - 1]);
    }

    private static void printRow(String label, double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        System.out.printf("%-36s %5d %8.1f %8.1f %8.1f %8.1f%n", label, s.length, s[0], percentile(s, 50),
                percentile(s, 99), s[s.length - 1]);
    }
}

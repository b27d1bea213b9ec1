package mms.watcher.machines.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import mms.files.FileTrees;
import mms.watcher.machines.CrashTrials;
import mms.watcher.machines.CrashTrials.Found;
import mms.watcher.machines.CrashTrials.Operation;

/**
 * Crash benchmark; prints a report. Run {@code scripts/bench mms.watcher.machines.bench.CrashBench
 * [--trials N] [--seed S] [--quick]}.
 *
 * <p>{@code N} (default 30) trials of each of install, upgrade and purge ({@link CrashTrials}): a
 * real agent in a child JVM killed ({@code kill -9}) at a random moment of the operation, what it
 * left checked (absent or a complete version, never a machine without its manager), the agent
 * started again and the disk awaited until it matches the specification with no leftovers. Any
 * broken promise ends the run with its description and exit status 1. Per operation the report
 * says what the kills left (absent, version 1, version 2), how many left the operation unfinished,
 * the range of kill delays, and, over the unfinished ones, the median and longest time from the
 * restart to a converged disk (an agent start included).
 * {@code --quick} is a smoke run (one trial each; the figures mean nothing).
 */
public final class CrashBench {
    private CrashBench() {}

    public static void main(String[] args) throws Exception {
        int trials = 30;
        long seed = new Random().nextLong();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--quick" -> trials = 1;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Random random = new Random(seed);
        Path work = Files.createTempDirectory("mms-crash-bench-");
        Map<Operation, List<CrashTrials.Outcome>> outcomes = new EnumMap<>(Operation.class);
        System.out.printf(Locale.ROOT, "%d kill -9 trials each of install, upgrade and purge (seed %d)%n", trials, seed);
        try (CrashTrials crashes = new CrashTrials(work)) {
            for (int i = 0; i < trials * Operation.values().length; i++) {
                CrashTrials.Outcome outcome = crashes.trial(CrashTrials.killDelay(crashes.next(), random));
                outcomes.computeIfAbsent(outcome.operation(), o -> new ArrayList<>()).add(outcome);
            }
        } catch (AssertionError e) {
            System.out.println("BROKEN PROMISE: " + e.getMessage());
            FileTrees.deleteTree(work);
            System.exit(1);
        }
        FileTrees.deleteTree(work);
        System.out.printf(Locale.ROOT, "%-8s %6s  %-40s %11s  %-12s %s%n", "", "trials", "left by the kill", "unfinished",
                "kill delay", "unfinished ones converged after restart (median / max)");
        outcomes.forEach((operation, list) -> {
            Map<Found, Integer> found = new TreeMap<>();
            list.forEach(o -> found.merge(o.found(), 1, Integer::sum));
            List<Long> delays = list.stream().map(o -> o.killDelay().toMillis()).sorted().toList();
            List<Long> converged = list.stream().filter(CrashTrials.Outcome::interrupted)
                    .map(o -> o.converged().toMillis()).sorted().toList();
            System.out.printf(Locale.ROOT, "%-8s %6d  %-40s %11d  %-12s %s%n", operation.name().toLowerCase(Locale.ROOT),
                    list.size(), found.toString(), converged.size(), delays.getFirst() + "-" + delays.getLast() + " ms",
                    converged.isEmpty() ? "-" : converged.get(converged.size() / 2) + " ms / " + converged.getLast() + " ms");
        });
        System.out.println("every kill left the machine absent or a complete version, never without its manager;"
                + " every restart converged with no leftovers");
    }
}

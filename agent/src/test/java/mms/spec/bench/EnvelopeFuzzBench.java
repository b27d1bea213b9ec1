package mms.spec.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.json.Json;
import mms.kv.testing.NatsServer;
import mms.spec.EnvelopeFuzz;
import mms.spec.MachinesValidator;
import mms.spec.Signers;
import mms.spec.SpecificationGate;
import mms.spec.SpecificationLedger;
import mms.spec.Trust;
import mms.spec.VersionedSpecification;
import mms.spec.match.MatchEnvironment;
import net.jqwik.api.Arbitrary;

/**
 * Fuzzes the readers of signed documents for minutes: the DSSE envelope, versioned
 * specifications, trust documents, the original's format and the gate that uses them all, with
 * the inputs of {@link EnvelopeFuzz} (any text, generated JSON, mutated valid documents, envelopes
 * of generated payloads). Every input must be read or refused with a one-line message, no
 * mutation may keep valid signatures over other bytes, and none may take more than a second.
 * Prints, per kind of input, how many were tried, how fast, and the slowest; then the time to
 * decide on the largest specification a node reads. Exits 1 on any violation or hang.
 *
 * <pre>
 * scripts/bench mms.spec.bench.EnvelopeFuzzBench [--minutes N] [--quick]
 * </pre>
 *
 * Default three minutes; {@code --quick} fuzzes for two seconds and decides the largest
 * specification once (the smoke run).
 */
public final class EnvelopeFuzzBench {
    /** An input slower than this counts as a hang. */
    static final Duration HANG = Duration.ofSeconds(1);

    private EnvelopeFuzzBench() {}

    /**
     * Runs the fuzzing.
     *
     * @param args {@code [--minutes N] [--quick]}
     */
    public static void main(String[] args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(args));
        boolean quick = arguments.remove("--quick");
        int i = arguments.indexOf("--minutes");
        Duration budget = i >= 0 ? Duration.ofMinutes(Long.parseLong(arguments.get(i + 1)))
                : quick ? Duration.ofSeconds(2) : Duration.ofMinutes(3);
        Map<String, Arbitrary<String>> kinds = new LinkedHashMap<>();
        kinds.put("any text", EnvelopeFuzz.anyText());
        kinds.put("generated json", EnvelopeFuzz.json());
        kinds.put("mutated documents", EnvelopeFuzz.mutated());
        kinds.put("generated payloads", EnvelopeFuzz.wrapped());
        System.out.printf("mms signed-document fuzzing: %s, %d kinds of input, %d cpus, java %s%n", budget,
                kinds.size(), Runtime.getRuntime().availableProcessors(), Runtime.version());
        Path ledger = EnvelopeFuzz.ledgerDirectory();
        List<String> violations = new ArrayList<>();
        try {
            System.out.printf("%-20s %9s %9s %8s %8s %8s %13s %13s%n", "input", "inputs", "inputs/s", "p50 ms",
                    "p99 ms", "max ms", "slowest bytes", "largest bytes");
            Duration each = budget.dividedBy(kinds.size());
            for (Map.Entry<String, Arbitrary<String>> kind : kinds.entrySet()) {
                violations.addAll(fuzz(kind.getKey(), kind.getValue(), each, ledger));
            }
            largest(ledger, quick ? 1 : 5);
        } finally {
            NatsServer.deleteTree(ledger);
        }
        if (violations.isEmpty()) {
            System.out.println("no violation: every input was read or refused with a one-line message, none hung");
            System.exit(0);
        }
        System.out.println(violations.size() + " violations, the first ones:");
        violations.stream().limit(20).forEach(v -> System.out.println("  " + v));
        System.exit(1);
    }

    private static List<String> fuzz(String name, Arbitrary<String> inputs, Duration budget, Path ledger) {
        long deadline = System.nanoTime() + budget.toNanos();
        long[] times = new long[1 << 16];
        int count = 0;
        long slowest = 0;
        int slowestBytes = 0;
        int largest = 0;
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        Iterator<String> stream = inputs.sampleStream().iterator();
        while (System.nanoTime() < deadline) {
            String input = stream.next();
            long t0 = System.nanoTime();
            violations.addAll(EnvelopeFuzz.violations(input, ledger));
            long took = System.nanoTime() - t0;
            if (count == times.length) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            times[count++] = took;
            int bytes = input.getBytes(StandardCharsets.UTF_8).length;
            largest = Math.max(largest, bytes);
            if (took > slowest) {
                slowest = took;
                slowestBytes = bytes;
            }
            if (took > HANG.toNanos()) {
                violations.add(name + ": an input of " + input.length() + " characters took " + took / 1_000_000 + " ms");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = Arrays.copyOf(times, count);
        Arrays.sort(sorted);
        System.out.printf("%-20s %9d %9.0f %8.3f %8.3f %8.1f %13d %13d%n", name, count, count / seconds,
                ms(sorted, 0.50), ms(sorted, 0.99), slowest / 1e6, slowestBytes, largest);
        return violations;
    }

    /** The largest specification a node reads: {@value MachinesValidator#MAX_ENTRIES} entries, signed twice. */
    private static void largest(Path ledger, int runs) throws Exception {
        StringBuilder machines = new StringBuilder("[");
        for (int n = 0; n < MachinesValidator.MAX_ENTRIES; n++) {
            machines.append(n == 0 ? "" : ",").append("{\"name\":\"m").append(n)
                    .append("\",\"source\":\"https://example.net/m").append(n).append("-1.0.0.tgz\",\"verify_checksum\":\"")
                    .append("b".repeat(64)).append("\",\"checksum\":\"").append("a".repeat(64))
                    .append("\",\"match\":\"identity('^web')\"}");
        }
        String envelope = Signers.spec(1, Optional.empty(), Trust.DEFAULT_AUDIENCE, machines.append("]").toString(),
                Signers.K1, Signers.K2).toJson();
        SpecificationGate gate = new SpecificationGate(Trust.NONE.withDocument(Signers.trust(1, 2,
                Signers.publics(Signers.K1, Signers.K2, Signers.K3), Signers.K1, Signers.K2)),
                SpecificationLedger.in(ledger.resolve("largest")), InstantSource.system());
        long best = Long.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            gate.decide("machines", envelope, Optional.empty(), MatchEnvironment.of("web1", Json.object()));
            best = Math.min(best, System.nanoTime() - t0);
        }
        VersionedSpecification read = VersionedSpecification.parse(envelope);
        System.out.printf("largest specification: %d entries, %d KiB envelope: decided in %.0f ms (best of %d: parse,"
                + " 2 signatures, validate, match)%n", MachinesValidator.MAX_ENTRIES, envelope.length() / 1024,
                best / 1e6, runs);
        if (read.serial() != 1) {
            throw new IllegalStateException("the largest specification did not read back");
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)] / 1e6;
    }
}

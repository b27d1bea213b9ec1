package mms.kv;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a campaign retries after finding its governor full. The first retry comes {@code first}
 * after the first try; retry {@code n} (counting from 1) is followed by a wait of
 * {@code jitter(table[min(n, size-1)])}, where {@code jitter(m)} is uniform in [0.5 m, 1.5 m) when
 * {@code jitter} is set and exactly {@code m} otherwise: the original's ticker re-arming, including
 * its 0-based index that skips the table's first entry.
 *
 * @param first  wait before the first retry, positive
 * @param table  later waits; empty means "always {@code first}"
 * @param jitter whether waits from the table are spread by ±50%
 */
public record Backoff(Duration first, List<Duration> table, boolean jitter) {

    /** The agents' policy: 250 ms, then 500 ms .. 5 s ("FiveSec") with ±50% jitter. */
    public static final Backoff FIVE_SEC = new Backoff(Duration.ofMillis(250), millis(
            500, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000), true);

    /** Validates and copies. */
    public Backoff {
        Objects.requireNonNull(first, "first");
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("backoff: first retry wait must be positive, got " + first);
        }
        table = List.copyOf(table);
    }

    /** A fixed retry interval without jitter ({@code choria governor run --interval}). */
    public static Backoff fixed(Duration interval) {
        return new Backoff(interval, List.of(), false);
    }

    /**
     * The wait after try number {@code tries} (1 = the first try).
     *
     * @param tries  tries made so far, at least 1
     * @param random source of jitter
     * @return how long to wait before the next try
     */
    public Duration delay(int tries, RandomGenerator random) {
        if (tries <= 1 || table.isEmpty()) {
            return first;
        }
        Duration base = table.get(Math.min(tries - 1, table.size() - 1));
        if (!jitter) {
            return base;
        }
        long nanos = base.toNanos();
        return Duration.ofNanos(nanos / 2 + random.nextLong(Math.max(1, nanos)));
    }

    private static List<Duration> millis(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }
}

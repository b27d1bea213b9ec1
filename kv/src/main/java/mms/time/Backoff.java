package mms.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying something that failed: the one retry policy of the agent
 * (governor campaigns, watcher restarts, archive and key-value retries, storm protection).
 *
 * <p>Retry {@code n} (counting from 1, the retry after the first failure) waits
 * {@code steps[min(n, size) - 1]} spread by {@link Jitter}, so the last step repeats for ever.
 * Jitter matters on a fleet: nodes that failed in the same second, because the same server went
 * away, must not all come back in the same second.
 *
 * @param steps  the waits before retries 1, 2, …; not empty, each positive (zero only in the first)
 * @param jitter how each wait is spread
 */
public record Backoff(List<Duration> steps, Jitter jitter) {

    /** How a wait is spread around its step. */
    public enum Jitter {
        /** Exactly the step. */
        NONE,
        /** Uniform in [step/2, 3·step/2): the step on average, the spread of the original's backoffs. */
        AROUND,
        /** Uniform in [step/2, step]: never longer than the step, so a cap such as an interval holds. */
        BELOW;

        /** Spreads {@code step} in whole milliseconds; steps under 2 ms are kept as they are. */
        Duration spread(Duration step, RandomGenerator random) {
            long ms = step.toMillis();
            return switch (this) {
                case NONE -> step;
                case AROUND -> ms < 2 ? step : Duration.ofMillis(ms / 2 + random.nextLong(ms));
                case BELOW -> ms < 2 ? step : Duration.ofMillis(ms - random.nextLong(ms / 2 + 1));
            };
        }
    }

    /**
     * The governor campaigns' policy, the original's "FiveSec": about 250 ms, then 750 ms growing to
     * 5 s, each spread {@link Jitter#AROUND}. (The original retries exactly 250 ms after the first
     * try; spreading that one too keeps nodes that found a governor full together from retrying in
     * the same millisecond.)
     */
    public static final Backoff FIVE_SEC = new Backoff(millis(
            250, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000), Jitter.AROUND);

    /** Validates and copies. */
    public Backoff {
        Objects.requireNonNull(jitter, "jitter");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("backoff: at least one step is required");
        }
        for (int i = 0; i < steps.size(); i++) {
            Duration step = steps.get(i);
            if (step.isNegative() || step.isZero() && i > 0) {
                throw new IllegalArgumentException("backoff: step " + (i + 1) + " must be positive, got " + step);
            }
        }
    }

    /** The same wait before every retry, without jitter ({@code choria governor run --interval}). */
    public static Backoff fixed(Duration interval) {
        return new Backoff(List.of(interval), Jitter.NONE);
    }

    /**
     * Waits that double from {@code first} up to {@code max}, each spread {@link Jitter#BELOW}: retry
     * {@code n} waits between half and all of {@code min(first · 2^(n-1), max)}, never more than
     * {@code max}.
     *
     * @param first the step of the first retry, positive
     * @param max   the largest step; {@code first} when smaller
     * @throws IllegalArgumentException when {@code first} is not positive
     */
    public static Backoff exponential(Duration first, Duration max) {
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("backoff: first step must be positive, got " + first);
        }
        List<Duration> steps = new ArrayList<>();
        Duration step = first;
        while (step.compareTo(max) < 0) {
            steps.add(step);
            step = step.multipliedBy(2);
        }
        steps.add(max.compareTo(first) < 0 ? first : max);
        return new Backoff(steps, Jitter.BELOW);
    }

    /**
     * The wait before retry {@code retry}.
     *
     * @param retry  1 for the retry after the first failure, 2 after the second, …; values below 1
     *               count as 1
     * @param random source of jitter
     * @return how long to wait, never negative
     */
    public Duration delay(int retry, RandomGenerator random) {
        return jitter.spread(steps.get(Math.clamp(retry, 1, steps.size()) - 1), random);
    }

    /** Durations from milliseconds, for steps. */
    public static List<Duration> millis(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }
}

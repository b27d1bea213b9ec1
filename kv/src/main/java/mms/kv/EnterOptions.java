package mms.kv;

import java.time.Duration;
import java.util.Objects;
import mms.time.Backoff;

/**
 * How to campaign for a slot.
 *
 * @param timeout how long to wait for a slot at most; positive
 * @param backoff when to retry while the governor is full
 * @param leave   whether {@link Slot#close()} frees the slot; {@code false} ({@code choria governor run
 *                --max-per-period}) leaves it to expire, which limits starts per expiry period
 *                instead of concurrency, and the slot is then not kept alive either
 */
public record EnterOptions(Duration timeout, Backoff backoff, boolean leave) {

    /** Validates. */
    public EnterOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("governor timeout must be positive, got " + timeout);
        }
    }

    /** The agents' campaign: {@link Backoff#FIVE_SEC}, leaving on close. */
    public static EnterOptions of(Duration timeout) {
        return new EnterOptions(timeout, Backoff.FIVE_SEC, true);
    }
}

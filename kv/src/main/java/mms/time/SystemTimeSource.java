package mms.time;

import java.time.Duration;
import java.time.Instant;

final class SystemTimeSource implements TimeSource {
    static final SystemTimeSource INSTANCE = new SystemTimeSource();

    private SystemTimeSource() {}

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public boolean await(Wakeup wakeup, Instant deadline) throws InterruptedException {
        Duration wait = Duration.between(Instant.now(), deadline);
        // Instant.MAX and other far deadlines do not fit in nanoseconds: wait for the signal only
        long nanos = wait.getSeconds() > 100L * 365 * 24 * 3600 ? -1 : Math.max(0, wait.toNanos());
        return wakeup.awaitSignal(nanos);
    }
}

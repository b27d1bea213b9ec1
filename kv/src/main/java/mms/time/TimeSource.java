package mms.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;

/**
 * The clock of a machine and the way it waits. Implementations: {@link #system()} for the agent
 * and a manual one in tests, whose waits end when the test moves time forward.
 */
public interface TimeSource extends InstantSource {

    /** The real clock. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }

    /** The zone schedules are evaluated in (the host's, as the original). */
    default ZoneId zone() {
        return ZoneId.systemDefault();
    }

    /**
     * Waits until {@code deadline} has passed on this clock or {@code wakeup} is signalled,
     * consuming the signal.
     *
     * @return true when woken by the signal, false when the deadline passed
     * @throws InterruptedException when the waiting thread is interrupted (the machine stops)
     */
    boolean await(Wakeup wakeup, Instant deadline) throws InterruptedException;

    /** Sleeps for {@code duration} on this clock. @throws InterruptedException when interrupted */
    default void sleep(Duration duration) throws InterruptedException {
        Instant deadline = instant().plus(duration);
        Wakeup never = new Wakeup();
        while (instant().isBefore(deadline)) {
            await(never, deadline);
        }
    }
}

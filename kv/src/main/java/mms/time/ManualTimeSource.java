package mms.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A clock that only moves when told to, for tests and simulations: waiters wake when
 * {@link #advance(Duration)} carries time past their deadline. Shipped in the main code so
 * watcher authors outside this repository can test against it too.
 */
public final class ManualTimeSource implements TimeSource {
    private volatile Instant now;
    private final ZoneId zone;
    private final Set<Wakeup> waiting = ConcurrentHashMap.newKeySet();

    /** A clock at {@code start} in UTC. */
    public ManualTimeSource(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    /** A clock at {@code start} whose schedules evaluate in {@code zone}. */
    public ManualTimeSource(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    /** Moves time forward and wakes every waiter so it re-checks its deadline. */
    public void advance(Duration duration) {
        synchronized (this) {
            now = now.plus(duration);
        }
        waiting.forEach(Wakeup::nudge);
    }

    /** How many threads are waiting on this clock right now; lets tests know a loop is parked. */
    public int waiters() {
        return waiting.size();
    }

    @Override
    public boolean await(Wakeup wakeup, Instant deadline) throws InterruptedException {
        waiting.add(wakeup);
        try {
            while (now.isBefore(deadline)) {
                // the timed wait only guards against a nudge lost between the check and the wait
                if (wakeup.awaitSignalOrNudge(50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return wakeup.poll();
        } finally {
            waiting.remove(wakeup);
        }
    }
}

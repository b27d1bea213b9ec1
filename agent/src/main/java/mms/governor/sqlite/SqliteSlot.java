package mms.governor.sqlite;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mms.governor.GovernorException;
import mms.governor.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A slot row kept alive by a virtual thread that refreshes it every third of the expiry. */
final class SqliteSlot implements Slot {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSlot.class);

    private final SqliteGovernor governor;
    private final String name;
    private final long sequence;
    private final String holder;
    private final boolean leave;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean held = true;
    private final Thread keeper;

    SqliteSlot(SqliteGovernor governor, String name, long sequence, String holder, Duration expire, boolean leave) {
        this.governor = governor;
        this.name = name;
        this.sequence = sequence;
        this.holder = holder;
        this.leave = leave;
        // a slot that is not left at the end limits starts per period: it must expire, so no keep-alive
        this.keeper = leave ? Thread.ofVirtual().name("governor-" + name + "#" + sequence)
                .start(() -> keepAlive(expire.dividedBy(3))) : null;
    }

    private void keepAlive(Duration period) {
        try {
            while (!stop.await(period.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    if (!governor.keepAlive(name, sequence)) {
                        held = false;
                        LOG.warn("governor {}: slot {} of {} was evicted or expired while held", name, sequence, holder);
                        return;
                    }
                } catch (GovernorException e) {
                    // the next refresh may succeed; the slot only expires after three missed ones
                    LOG.warn("governor {}: could not keep slot {} alive: {}", name, sequence, e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stopKeepingAlive() {
        stop.countDown();
        if (keeper != null) {
            try {
                keeper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String governor() {
        return name;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public boolean held() {
        return held && !closed.get();
    }

    @Override
    public void leave() throws GovernorException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopKeepingAlive();
        governor.forget(this);
        if (!leave) {
            LOG.info("not evicting self from {} based on configuration directive", name);
            return;
        }
        LOG.info("removing self from {} sequence {}", name, sequence);
        if (!governor.delete(name, sequence) && held) {
            LOG.warn("governor {}: slot {} was already gone when leaving", name, sequence);
        }
    }

    @Override
    public void close() {
        try {
            leave();
        } catch (GovernorException e) {
            LOG.warn("governor {}: could not remove seq {}: {}", name, sequence, e.getMessage());
        }
    }
}

package mms.governor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the governors' slots share: a keep-alive loop on a virtual thread that {@link #leave()}
 * stops and waits for before it removes the slot, leaving once, and the {@code held} flag the loop
 * clears when it finds the slot gone. A subclass starts its loop with {@link #startKeepingAlive}
 * at the end of its constructor, so the loop never sees a half-built slot.
 */
public abstract class KeptAliveSlot implements Slot {
    private static final Logger LOG = LoggerFactory.getLogger(KeptAliveSlot.class);

    protected final String name;
    protected final String holder;
    private final boolean leave;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Thread keeper;
    private volatile boolean held = true;

    /**
     * @param name   the governor's name
     * @param holder the holder's free-text name
     * @param leave  whether {@link #leave()} removes the slot; a slot that is not left limits starts
     *               per period and must expire, so it is not kept alive either
     */
    protected KeptAliveSlot(String name, String holder, boolean leave) {
        this.name = name;
        this.holder = holder;
        this.leave = leave;
    }

    /** Runs {@code loop} on a virtual thread until it returns; {@link #stopped} tells it when to. */
    protected final void startKeepingAlive(Runnable loop) {
        keeper = Thread.ofVirtual().name("governor-" + name + "#" + sequence()).start(loop);
    }

    /**
     * Waits up to {@code wait} for the slot to be left.
     *
     * @return true once leaving began: the keep-alive loop must return
     */
    protected final boolean stopped(Duration wait) throws InterruptedException {
        return wait.isPositive() ? stop.await(wait.toNanos(), TimeUnit.NANOSECONDS) : stop.getCount() == 0;
    }

    /** Records that the slot is no longer ours, and why (e.g. "was evicted or expired"). */
    protected final void lost(String why) {
        held = false;
        LOG.warn("governor {}: slot {} of {} {}; the work continues without a slot", name, sequence(), holder, why);
    }

    /** Stops the keep-alive loop and waits for it; the governor calls it when it closes. */
    public final void stopKeepingAlive() {
        stop.countDown();
        Thread k = keeper;
        if (k != null) {
            try {
                k.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Tells the governor that this slot is no longer open. */
    protected abstract void forget();

    /**
     * Removes the slot from the governor.
     *
     * @return false when it was already gone
     */
    protected abstract boolean delete(long sequence) throws GovernorException;

    @Override
    public final String governor() {
        return name;
    }

    @Override
    public final String holder() {
        return holder;
    }

    @Override
    public final boolean held() {
        return held && !closed.get();
    }

    @Override
    public final void leave() throws GovernorException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopKeepingAlive();
        forget();
        if (!leave) {
            LOG.info("not evicting self from {} based on configuration directive", name);
            return;
        }
        long seq = sequence();
        LOG.info("removing self from {} sequence {}", name, seq);
        if (!delete(seq) && held) {
            LOG.info("governor {}: slot {} had already expired or been evicted when leaving", name, seq);
        }
    }

    @Override
    public final void close() {
        try {
            leave();
        } catch (GovernorException e) {
            LOG.warn("governor {}: could not remove seq {}: {}", name, sequence(), e.getMessage());
        }
    }
}

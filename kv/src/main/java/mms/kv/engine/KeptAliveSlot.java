package mms.kv.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mms.kv.KvException;
import mms.kv.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engines' governor slots share: a keep-alive loop on a virtual thread that
 * {@link #leave()} stops and waits for before it removes the slot, leaving once, and the
 * {@code held} flag the loop clears when it finds the slot gone. A subclass starts its loop with
 * {@link #startKeepingAlive} at the end of its constructor, so the loop never sees a half-built
 * slot; the loop then belongs to the store's {@link Keepers}, which stops it when the store closes.
 */
public abstract class KeptAliveSlot implements Slot {
    private static final Logger LOG = LoggerFactory.getLogger(KeptAliveSlot.class);

    /** The governor's name. */
    protected final String name;
    /** The holder's free-text name. */
    protected final String holder;
    private final boolean leave;
    private final Keepers keepers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Thread keeper;
    private volatile boolean held = true;

    /**
     * @param name    the governor's name
     * @param holder  the holder's free-text name
     * @param leave   whether {@link #leave()} removes the slot; a slot that is not left limits starts
     *                per period and must expire, so it is not kept alive either
     * @param keepers the store's keep-alive loops
     */
    protected KeptAliveSlot(String name, String holder, boolean leave, Keepers keepers) {
        this.name = name;
        this.holder = holder;
        this.leave = leave;
        this.keepers = keepers;
    }

    /**
     * Runs {@code loop} on a virtual thread until it returns; {@link #stopped} tells it when to. On
     * a store that is closing the loop is not started: the slot then expires.
     */
    protected final void startKeepingAlive(Runnable loop) {
        if (keepers.add(this)) {
            keeper = Thread.ofVirtual().name("governor-" + name + "#" + sequence()).start(loop);
        }
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

    private void stopKeepingAlive() {
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

    /**
     * Removes the slot from the governor.
     *
     * @return false when it was already gone
     * @throws KvException when the store cannot remove it
     */
    protected abstract boolean delete(long sequence) throws KvException;

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
    public final void leave() throws KvException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopKeepingAlive();
        keepers.remove(this);
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
        } catch (KvException e) {
            LOG.warn("governor {}: could not remove seq {}: {}", name, sequence(), e.getMessage());
        }
    }

    /**
     * The keep-alive loops of one store's held slots. The store {@linkplain #stop() stops} them
     * before it closes its connection, so no loop outlives the connection it refreshes through;
     * their slots then expire as a crashed holder's would.
     */
    public static final class Keepers {
        private final Set<KeptAliveSlot> slots = ConcurrentHashMap.newKeySet();
        private volatile boolean stopped;

        /** Registers a slot whose loop is about to start; false once the store is closing. */
        private synchronized boolean add(KeptAliveSlot slot) {
            if (stopped) {
                return false;
            }
            slots.add(slot);
            return true;
        }

        private void remove(KeptAliveSlot slot) {
            slots.remove(slot);
        }

        /** Stops every loop and waits for each; later slots are not kept alive. Idempotent. */
        public void stop() {
            synchronized (this) {
                stopped = true;
            }
            for (KeptAliveSlot slot : List.copyOf(slots)) {
                slot.stopKeepingAlive();
            }
            slots.clear();
        }
    }
}

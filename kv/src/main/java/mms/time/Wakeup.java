package mms.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-slot wake-up signal: {@link #signal()} never blocks, and signals raised before the
 * waiter gets to them coalesce into one, as the original's capacity-1 channel.
 */
public final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean pending;

    /** Raises the signal; a no-op when one is already pending. */
    public void signal() {
        lock.lock();
        try {
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Clears a pending signal without waiting. @return whether one was pending */
    public boolean poll() {
        lock.lock();
        try {
            boolean was = pending;
            pending = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} of real time for the signal, consuming it.
     *
     * @return true when signalled
     * @throws InterruptedException when interrupted
     */
    public boolean await(java.time.Duration timeout) throws InterruptedException {
        return awaitSignal(Math.max(0, timeout.toNanos()));
    }

    /**
     * Waits up to {@code nanos} for the signal (a negative value waits without limit), consuming
     * it. @return true when signalled
     */
    boolean awaitSignal(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = nanos;
            while (!pending) {
                if (nanos < 0) {
                    changed.await();
                    return consume();
                }
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return consume();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiter so it re-checks its deadline (used when a manual clock moves). */
    void nudge() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the signal or a {@link #nudge()}, for at most {@code timeout}. @return true when signalled */
    boolean awaitSignalOrNudge(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (pending) {
                return consume();
            }
            changed.await(timeout, unit);
            return pending && consume();
        } finally {
            lock.unlock();
        }
    }

    private boolean consume() {
        pending = false;
        return true;
    }
}

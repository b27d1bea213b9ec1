package mms.watcher.timer;

import java.time.Duration;
import java.time.Instant;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Fires {@code fail_transition} when the machine has stayed in the watched states for
 * {@code timer}. The timer (re)starts at start and on every wake-up while active, and stops early
 * when the machine leaves the watched states. One loop owns the countdown (a deadline, not a
 * separate timer task), so a restart and an expiry cannot race as they could in the original.
 */
public final class TimerWatcher implements Watcher {
    private final WatcherSettings settings;
    private final TimerProperties properties;
    private volatile TimerStateNotification current;

    /** A watcher with validated settings and properties. */
    public TimerWatcher(WatcherSettings settings, TimerProperties properties) {
        this.settings = settings;
        this.properties = properties;
        this.current = new TimerStateNotification(TimerState.STOPPED, properties.timer());
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public TimerProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        Duration timer = properties.timer();
        if (properties.splay()) {
            // the original splays when the watcher is built; the loop start is the first moment a
            // machine's (seedable) randomness is at hand, and it happens once per load just the same
            timer = Duration.ofNanos(runtime.machine().random().nextLong(timer.toNanos()));
            runtime.log().info("adjusting timer to {} due to splay setting", GoDuration.format(timer));
            current = new TimerStateNotification(TimerState.STOPPED, timer);
        }
        Instant expiry = null;
        boolean evaluate = true;
        while (true) {
            if (evaluate) {
                expiry = evaluate(runtime, timer, expiry);
            }
            boolean woken = runtime.awaitWakeup(expiry == null ? Instant.MAX : expiry);
            evaluate = woken;
            if (!woken && expiry != null && !runtime.now().isBefore(expiry)) {
                expiry = null;
                current = new TimerStateNotification(TimerState.STOPPED, timer);
                runtime.log().info("timer expired after {}", GoDuration.format(timer));
                runtime.publish();
                runtime.failure();
            }
        }
    }

    /** Starts, restarts or stops the countdown for the current machine state; returns the new expiry. */
    private Instant evaluate(WatcherRuntime runtime, Duration timer, Instant expiry) {
        if (runtime.shouldWatch()) {
            if (expiry != null) {
                runtime.log().info("timer was running, resetting to {}", GoDuration.format(timer));
            }
            current = new TimerStateNotification(TimerState.RUNNING, timer);
            runtime.publish();
            return runtime.now().plus(timer);
        }
        if (expiry != null) {
            runtime.log().info("stopping timer early on state transition to {}", runtime.machine().state());
            current = new TimerStateNotification(TimerState.STOPPED, timer);
            runtime.publish();
        }
        return null;
    }
}

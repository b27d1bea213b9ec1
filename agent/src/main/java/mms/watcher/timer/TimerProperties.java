package mms.watcher.timer;

import java.time.Duration;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of a timer watcher.
 *
 * @param timer {@code timer}: Go duration the machine may stay in the watched states before
 *              {@code fail_transition} fires; default and minimum 1s (smaller values are raised)
 * @param splay {@code splay}: replace the timer once, when the watcher starts, by a random
 *              duration in [0, timer); default false
 */
public record TimerProperties(Duration timer, boolean splay) {
    /** The smallest timer; shorter ones are raised to it, as the original. */
    public static final Duration MIN_TIMER = Duration.ofSeconds(1);

    /**
     * Reads the properties, raising short timers to {@link #MIN_TIMER}.
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static TimerProperties parse(WatcherProperties p) throws WatcherConfigException {
        Duration timer = p.duration("timer").orElse(Duration.ZERO);
        if (timer.isNegative()) {
            throw p.bad("timer", p.raw("timer").orElseThrow(), "is negative");
        }
        if (timer.compareTo(MIN_TIMER) < 0) {
            timer = MIN_TIMER;
        }
        return new TimerProperties(timer, p.bool("splay", false));
    }
}

package mms.watcher.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * A switch turned on by cron schedules: each firing opens a window of {@code duration} (after an
 * optional random {@code start_splay}); the state is {@code on} while any window is open. When the
 * state changes while the watcher is active it publishes and fires the success ({@code on}) or
 * failure ({@code off}/{@code unknown}) transition; becoming active again counts as a change.
 *
 * <p>Unlike the original, which polled every 500 ms with one thread per schedule and fired about a
 * second early, one loop computes the next instant anything changes on the machine's clock (in its
 * zone) and sleeps until then, so windows open at the scheduled minute itself.
 */
public final class ScheduleWatcher implements Watcher {
    private final WatcherSettings settings;
    private final ScheduleProperties properties;
    private volatile ScheduleStateNotification current = new ScheduleStateNotification(ScheduleState.UNKNOWN);

    /** A watcher with validated settings and properties. */
    public ScheduleWatcher(WatcherSettings settings, ScheduleProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public ScheduleProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    /** An open or pending window: on from {@code start} (inclusive) to {@code end} (exclusive). */
    private record Window(Instant start, Instant end) {}

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        List<CronExpression> schedules = properties.schedules();
        runtime.log().info("schedule watcher starting with {} items", schedules.size());
        ZoneId zone = runtime.machine().time().zone();
        Duration duration = properties.duration();
        // a firing exactly at the start instant counts, hence the nanosecond back
        Instant[] nextFire = new Instant[schedules.size()];
        for (int i = 0; i < schedules.size(); i++) {
            nextFire[i] = nextAfter(schedules.get(i), runtime.now().minusNanos(1), zone);
        }
        List<Window> windows = new ArrayList<>();
        boolean everOn = false;
        ScheduleState previous = ScheduleState.UNKNOWN;
        boolean previousSkipped = false;
        boolean triggered = false;

        while (true) {
            Instant now = runtime.now();
            for (int i = 0; i < schedules.size(); i++) {
                while (nextFire[i] != null && !nextFire[i].isAfter(now)) {
                    Instant fire = nextFire[i];
                    if (fire.plus(duration).isAfter(now)) {
                        Duration splay = splay(runtime);
                        if (!splay.isZero()) {
                            runtime.log().info("sleeping {} before turning on for schedule '{}'",
                                    GoDuration.format(splay), schedules.get(i));
                        }
                        windows.add(new Window(fire.plus(splay), fire.plus(duration)));
                        nextFire[i] = nextAfter(schedules.get(i), fire, zone);
                    } else {
                        // the clock jumped past whole windows: skip to the first firing that still matters
                        nextFire[i] = nextAfter(schedules.get(i), now.minus(duration), zone);
                    }
                }
            }
            int open = 0;
            for (Iterator<Window> it = windows.iterator(); it.hasNext(); ) {
                Window w = it.next();
                if (!w.end().isAfter(now)) {
                    // splay is at most half the duration, so every window was open for a while
                    everOn = true;
                    it.remove();
                } else if (!w.start().isAfter(now)) {
                    everOn = true;
                    open++;
                }
            }
            ScheduleState state = open > 0 ? ScheduleState.ON : everOn ? ScheduleState.OFF : ScheduleState.UNKNOWN;
            current = new ScheduleStateNotification(state);

            if (!runtime.shouldWatch()) {
                previousSkipped = true;
            } else if (previousSkipped || state != previous) {
                previousSkipped = false;
                previous = state;
                switch (state) {
                    case OFF, UNKNOWN -> {
                        triggered = false;
                        runtime.publish();
                        runtime.failure();
                    }
                    case ON -> {
                        if (!(properties.skipTriggerOnReenter() && triggered)) {
                            triggered = true;
                            runtime.publish();
                            runtime.success();
                        }
                    }
                }
            }

            Instant deadline = Instant.MAX;
            for (Instant fire : nextFire) {
                if (fire != null && fire.isBefore(deadline)) {
                    deadline = fire;
                }
            }
            for (Window w : windows) {
                Instant change = w.start().isAfter(now) ? w.start() : w.end();
                if (change.isBefore(deadline)) {
                    deadline = change;
                }
            }
            runtime.awaitWakeup(deadline);
        }
    }

    private Duration splay(WatcherRuntime runtime) {
        long bound = properties.startSplay().toNanos();
        return bound <= 0 ? Duration.ZERO : Duration.ofNanos(runtime.machine().random().nextLong(bound));
    }

    private static Instant nextAfter(CronExpression schedule, Instant after, ZoneId zone) {
        return schedule.next(after.atZone(zone)).map(z -> z.toInstant()).orElse(null);
    }
}

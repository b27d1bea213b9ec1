package mms.watcher.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mms.duration.GoDuration;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of a schedule watcher.
 *
 * @param schedules            {@code schedules}: five-field cron specifications, at least one
 * @param duration             {@code duration}: Go duration each firing keeps the switch on;
 *                             default 1m, also when below 1s
 * @param startSplay           {@code start_splay}: Go duration; each firing turns on after a random
 *                             delay in [0, start_splay); default 0, at most half the duration
 * @param skipTriggerOnReenter {@code skip_trigger_on_reenter}: when the machine re-enters a watched
 *                             state while the same window is still on, do not fire the success
 *                             transition again; default false
 */
public record ScheduleProperties(
        List<CronExpression> schedules, Duration duration, Duration startSplay, boolean skipTriggerOnReenter) {

    /** Used when {@code duration} is unset or below {@link #MIN_DURATION}. */
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(1);
    /** Durations below this are replaced by {@link #DEFAULT_DURATION}. */
    public static final Duration MIN_DURATION = Duration.ofSeconds(1);

    public ScheduleProperties {
        schedules = List.copyOf(schedules);
    }

    /**
     * Reads and validates the properties. The duration is defaulted before the splay is checked
     * against it (the original checked, and handed to its schedules, the raw value).
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static ScheduleProperties parse(WatcherProperties p) throws WatcherConfigException {
        List<String> specs = p.strings("schedules");
        if (specs.isEmpty()) {
            throw new WatcherConfigException("property 'schedules' of " + p.owner() + ": no schedules defined");
        }
        List<CronExpression> schedules = new ArrayList<>();
        for (String spec : specs) {
            try {
                schedules.add(CronExpression.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new WatcherConfigException("property 'schedules' of " + p.owner() + ": could not parse '"
                        + spec + "': " + e.getMessage());
            }
        }
        Duration duration = p.duration("duration").orElse(Duration.ZERO);
        if (duration.compareTo(MIN_DURATION) < 0) {
            duration = DEFAULT_DURATION;
        }
        Duration splay = p.duration("start_splay").orElse(Duration.ZERO);
        if (splay.isNegative()) {
            throw p.bad("start_splay", p.raw("start_splay").orElseThrow(), "is negative");
        }
        if (splay.compareTo(duration.dividedBy(2)) > 0) {
            throw p.bad("start_splay", p.raw("start_splay").orElseThrow(), "is too big: start splay "
                    + GoDuration.format(splay) + " is bigger than half the duration " + GoDuration.format(duration));
        }
        return new ScheduleProperties(schedules, duration, splay, p.bool("skip_trigger_on_reenter", false));
    }
}

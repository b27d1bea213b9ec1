package mms.kv;

/**
 * How a watch starts and what it delivers.
 *
 * @param includeCurrent deliver the current last entry of every matching key first (markers included
 *                       unless {@code ignoreDeletes}), then {@link WatchEvent.EndOfInitialData}; when
 *                       false the watch starts with {@link WatchEvent.EndOfInitialData} and delivers only
 *                       changes made after it started
 * @param ignoreDeletes  skip delete and purge markers, initial and live
 */
public record WatchOptions(boolean includeCurrent, boolean ignoreDeletes) {
    /** Current values first, then changes; markers delivered. */
    public static final WatchOptions CURRENT_THEN_CHANGES = new WatchOptions(true, false);
    /** Only changes from now on; markers delivered. */
    public static final WatchOptions CHANGES_ONLY = new WatchOptions(false, false);
}

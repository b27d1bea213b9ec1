package mms.watcher.kv;

import java.time.Duration;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.kv.InvalidName;
import mms.kv.KvNames;
import mms.template.Template;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/**
 * The kv watcher's properties, decoded with the original's rules and validated when the machine loads.
 *
 * @param bucket           {@code bucket}: the bucket to read; required, never created by the watcher
 * @param key              {@code key}: the key (a template); required
 * @param mode             {@code mode}: {@code poll} (default) or {@code watch}
 * @param bucketPrefix     {@code bucket_prefix}: default true, the data key becomes {@code <bucket>_<key>}
 * @param storeKey         {@code store_key}: data key to use instead of {@code key} (a template)
 * @param onSuccessfulGet  {@code on_successful_get}: default false; an unchanged value still counts as changed
 * @param onMatchingUpdate {@code on_matching_update}: default false; a re-put of the same value (newer
 *                         revision) counts as changed
 * @param query            {@code query}: a GJSON path applied to object values; the result is stored instead
 * @param hieraConfig      {@code hiera_config}: default false; an object value is a Hiera document,
 *                         resolved against the node's facts before {@code query} applies
 * @param republishTrigger {@code republish_trigger}: a subject (a template) on which the bucket's
 *                         stream republishes the key's changes; each one is applied as it arrives,
 *                         as the original (NATS stores only; ignored with a warning on SQLite)
 * @param interval         the watcher-level {@code interval}: poll period in poll mode (required, at least
 *                         1s); safety-net poll period in watch mode (default 1m, at least 1s)
 */
public record KvProperties(
        String bucket,
        String key,
        Mode mode,
        boolean bucketPrefix,
        Optional<String> storeKey,
        boolean onSuccessfulGet,
        boolean onMatchingUpdate,
        Optional<String> query,
        boolean hieraConfig,
        Optional<String> republishTrigger,
        Duration interval) {

    /** The safety-net poll period of watch mode when {@code interval} is unset. */
    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofMinutes(1);
    /** The smallest interval: the original rate-limits polls to whole seconds. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** How the watcher learns about changes. */
    public enum Mode {
        /** Read the key every interval and on state changes. */
        POLL("poll"),
        /** Follow the key with a store watch; poll every interval as a safety net. */
        WATCH("watch");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        /** The YAML value, e.g. {@code poll}. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * Decodes and validates the properties in the original's order (bucket, mode, key), then the
     * interval.
     *
     * @throws WatcherConfigException naming the property, its value and why it is wrong
     */
    public static KvProperties parse(WatcherSettings settings, WatcherProperties p) throws WatcherConfigException {
        String bucket = p.requiredString("bucket");
        try {
            KvNames.bucket(bucket);
        } catch (InvalidName e) {
            throw p.bad("bucket", bucket, "is not a valid bucket name: " + e.getMessage());
        }
        String modeText = p.string("mode", "poll");
        Mode mode = switch (modeText.isEmpty() ? "poll" : modeText) {
            case "poll" -> Mode.POLL;
            case "watch" -> Mode.WATCH;
            default -> throw p.bad("mode", modeText, "should be 'poll' or 'watch'");
        };
        String key = p.string("key", "");
        if (key.isEmpty()) {
            throw new WatcherConfigException("property 'key' of " + p.owner() + " is required: "
                    + mode.wireName() + " mode needs the key to read");
        }
        if (!Template.isTemplate(key) && !KvNames.isValidKey(key)) {
            try {
                KvNames.key(key);
            } catch (InvalidName e) {
                throw p.bad("key", key, "is not a valid key: " + e.getMessage());
            }
        }
        boolean prefix = p.bool("bucket_prefix", true);
        Optional<String> storeKey = p.string("store_key").filter(s -> !s.isEmpty());
        boolean onSuccessfulGet = p.bool("on_successful_get", false);
        boolean onMatchingUpdate = p.bool("on_matching_update", false);
        Optional<String> query = p.string("query").filter(s -> !s.isBlank());
        boolean hieraConfig = p.bool("hiera_config", false);
        Optional<String> republish = p.string("republish_trigger").filter(s -> !s.isBlank());

        Duration interval = settings.interval();
        if (!settings.hasInterval()) {
            if (mode == Mode.POLL) {
                throw new WatcherConfigException(settings.describe()
                        + ": interval is required in poll mode (how often to read the key, e.g. interval: 1m)");
            }
            interval = DEFAULT_WATCH_INTERVAL;
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new WatcherConfigException(settings.describe() + ": interval " + GoDuration.format(interval)
                    + " is too small, minimum is 1s");
        }
        return new KvProperties(bucket, key, mode, prefix, storeKey, onSuccessfulGet, onMatchingUpdate, query,
                hieraConfig, republish, interval);
    }

    /** Whether checks read machine data or facts through templates, so data changes should wake the watcher. */
    public boolean templated() {
        return Template.isTemplate(key) || storeKey.map(Template::isTemplate).orElse(false);
    }
}

package mms.watcher.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import org.junit.jupiter.api.Test;

class KvPropertiesTest {

    static KvProperties parse(Duration interval, Object... kv) throws WatcherConfigException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        WatcherSettings s = new WatcherSettings("cfg", "kv", List.of(), List.of(), "", "", interval, Duration.ZERO);
        return KvProperties.parse(s, new WatcherProperties(s.describe(), m));
    }

    @Test
    void appliesTheOriginalsDefaults() throws Exception {
        KvProperties p = parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "spec");
        assertThat(p.mode()).isEqualTo(KvProperties.Mode.POLL);
        assertThat(p.bucketPrefix()).isTrue();
        assertThat(p.onSuccessfulGet()).isFalse();
        assertThat(p.onMatchingUpdate()).isFalse();
        assertThat(p.storeKey()).isEmpty();
        assertThat(p.query()).isEmpty();
        assertThat(p.republishTrigger()).isEmpty();
        assertThat(p.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.templated()).isFalse();
    }

    @Test
    void decodesWeaklyTypedValuesAndKeysIgnoringCase() throws Exception {
        KvProperties p = parse(Duration.ofSeconds(5), "Bucket", "CFG", "KEY", "spec", "mode", "watch",
                "bucket_prefix", "f", "ON_SUCCESSFUL_GET", 1, "on_matching_update", "True",
                "store_key", "{{ lookup \"facts.x\" \"y\" }}", "republish_trigger", "x.y");
        assertThat(p.mode()).isEqualTo(KvProperties.Mode.WATCH);
        assertThat(p.bucketPrefix()).isFalse();
        assertThat(p.onSuccessfulGet()).isTrue();
        assertThat(p.onMatchingUpdate()).isTrue();
        assertThat(p.templated()).isTrue();
        assertThat(p.republishTrigger()).contains("x.y");
    }

    @Test
    void watchModeDefaultsItsSafetyNetIntervalToOneMinute() throws Exception {
        assertThat(parse(Duration.ZERO, "bucket", "CFG", "key", "spec", "mode", "watch").interval())
                .isEqualTo(KvProperties.DEFAULT_WATCH_INTERVAL);
    }

    @Test
    void requiresABucket() {
        assertThatThrownBy(() -> parse(Duration.ofMinutes(1), "key", "spec"))
                .hasMessage("property 'bucket' of kv watcher 'cfg' is required");
    }

    @Test
    void rejectsAnInvalidBucketName() {
        assertThatThrownBy(() -> parse(Duration.ofMinutes(1), "bucket", "my.bucket", "key", "spec"))
                .hasMessageStartingWith("property 'bucket' of kv watcher 'cfg': 'my.bucket' is not a valid bucket name");
    }

    @Test
    void rejectsAnUnknownMode() {
        assertThatThrownBy(() -> parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "spec", "mode", "push"))
                .hasMessage("property 'mode' of kv watcher 'cfg': 'push' should be 'poll' or 'watch'");
    }

    @Test
    void requiresAKey() {
        assertThatThrownBy(() -> parse(Duration.ofMinutes(1), "bucket", "CFG"))
                .hasMessage("property 'key' of kv watcher 'cfg' is required: poll mode needs the key to read");
    }

    @Test
    void rejectsAnInvalidLiteralKeyButAcceptsATemplate() throws Exception {
        assertThatThrownBy(() -> parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "a b"))
                .hasMessageStartingWith("property 'key' of kv watcher 'cfg': 'a b' is not a valid key");
        assertThat(parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "{{ lookup \"facts.role\" \"x\" }}").templated())
                .isTrue();
    }

    @Test
    void requiresAnIntervalInPollModeInsteadOfCrashingLikeTheOriginal() {
        assertThatThrownBy(() -> parse(Duration.ZERO, "bucket", "CFG", "key", "spec"))
                .hasMessage("kv watcher 'cfg': interval is required in poll mode (how often to read the key, e.g. interval: 1m)");
    }

    @Test
    void rejectsAnIntervalBelowOneSecond() {
        assertThatThrownBy(() -> parse(Duration.ofMillis(500), "bucket", "CFG", "key", "spec"))
                .hasMessage("kv watcher 'cfg': interval 500ms is too small, minimum is 1s");
    }

    @Test
    void hieraConfigIsOffByDefault() throws Exception {
        assertThat(parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "spec").hieraConfig()).isFalse();
        assertThat(parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "spec", "hiera_config", true).hieraConfig()).isTrue();
    }

    @Test
    void rejectsANonBooleanFlag() {
        assertThatThrownBy(() -> parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "spec", "bucket_prefix", "yes"))
                .hasMessage("property 'bucket_prefix' of kv watcher 'cfg': 'yes' is not a boolean (use true or false)");
    }

    @Test
    void keepsTheQuery() throws Exception {
        assertThat(parse(Duration.ofMinutes(1), "bucket", "CFG", "key", "spec", "query", "a.b").query())
                .isEqualTo(Optional.of("a.b"));
    }
}

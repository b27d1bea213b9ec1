package mms.watcher.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watch mode when reads work but a watch cannot be opened, as while a NATS cluster comes back. */
class KvWatcherWatchFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aChangeReadWhileTheWatchCannotOpenFiresTheSuccessTransitionAndTheWatchOpensLater() throws Exception {
        try (FlakyStore store = new FlakyStore(KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE))) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of("CFG"));
            kv.put("spec", "[\"r1\"]".getBytes(UTF_8));
            try (KvMachine m = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                        interval: 1s
                        properties:
                          bucket: CFG
                          key: spec
                          mode: watch
                    """)) {
                await().atMost(WAIT).until(() -> m.state().equals("ready"));

                store.getsFail = true;
                store.watchesFail = true;
                await().atMost(WAIT).until(() -> m.state().equals("failed"));

                store.getsFail = false;
                kv.put("spec", "[\"r2\"]".getBytes(UTF_8));

                await().atMost(WAIT).until(() -> m.state().equals("ready"));
                assertThat(m.data("CFG_spec")).isEqualTo(Json.mapper().readTree("[\"r2\"]"));
                assertThat(m.published()).containsExactly(KvState.ERROR, KvState.CHANGED);

                int opened = store.watchesOpened.get();
                store.watchesFail = false;
                await().atMost(WAIT).until(() -> store.watchesOpened.get() > opened);
                kv.put("spec", "[\"r3\"]".getBytes(UTF_8));
                await().atMost(WAIT).until(() -> KvValues.deepEquals(m.data("CFG_spec"), Json.mapper().readTree("[\"r3\"]")));
            }
        }
    }
}

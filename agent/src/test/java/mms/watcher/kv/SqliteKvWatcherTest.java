package mms.watcher.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.LogCapture;
import mms.machine.MachineData;
import org.junit.jupiter.api.Test;

/** The kv watcher on the embedded SQLite store. */
class SqliteKvWatcherTest extends KvWatcherContract {
    @Override
    KeyValueStore openStore() throws Exception {
        return KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
    }

    @Test
    void aRepublishTriggerIsIgnoredWithOneWarningAndTheKeyStillRead() throws Exception {
        put("one");
        try (LogCapture log = LogCapture.of("mms.machine", Level.WARN)) {
            start("poll", "1s", "      republish_trigger: push.spec\n");
            awaitData(TextNode.valueOf("one"));
            put("two");
            awaitData(TextNode.valueOf("two"));

            assertThat(log.messages(Level.WARN)).singleElement().satisfies(m -> assertThat(m)
                    .contains("republish_trigger 'push.spec' is ignored: sqlite:").contains("carries no messages"));
        }
    }

    /** SQLite stores values of any size (NATS refuses them over its max_payload, 1 MiB by default). */
    @Test
    void aValueOverTheLimitIsRefusedAndNeverReachesTheDataFile() throws Exception {
        put("{\"good\": true}");
        start("watch", "1h", "");
        awaitData(json("{\"good\": true}"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));

        put("x".repeat(KvValues.MAX_BYTES + 1));

        await().atMost(WAIT).until(() -> machine.state().equals("failed"));
        assertThat(machine.data(dataKey())).isEqualTo(json("{\"good\": true}"));
        assertThat(Files.size(dir.resolve("machine").resolve(MachineData.FILE_NAME))).isLessThan(1024);
    }
}

package mms.watcher.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.machine.MachineData;
import org.junit.jupiter.api.Test;

/** The kv watcher on the embedded SQLite store. */
class SqliteKvWatcherTest extends KvWatcherContract {
    @Override
    KeyValueStore openStore() throws Exception {
        return KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
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

package mms.kv.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.EnterOptions;
import mms.kv.GovernorStorageContract;
import mms.kv.Holder;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGovernorsTest extends GovernorStorageContract {
    @TempDir
    Path dir;

    @Override
    protected KeyValueStore openStore() throws Exception {
        return KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
    }

    @Test
    void sharesTheFileWithTheKeyValueBucketsAndOtherStores() throws Exception {
        String name = unique("shared");
        governor.add(name, 1, Duration.ofMinutes(1), 1);
        store.createBucket(BucketConfig.of("bucket"));
        try (KeyValueStore other = openStore();
             Slot slot = other.governors().enter(name, "other process", new EnterOptions(Duration.ofSeconds(5), FAST, true))) {
            assertThat(other.bucketNames()).contains("bucket");
            assertThat(governor.view(name).holders()).extracting(Holder::sequence).containsExactly(slot.sequence());
        }
        assertThat(governor.view(name).holders()).isEmpty();
    }

    @Test
    void ignoresTheCollective() throws Exception {
        String name = unique("collective");
        governor.add(name, 1, Duration.ofMinutes(1), 1);
        assertThat(store.governors("other").list()).contains(name);
    }

    @Test
    void hasNoMessageBus() {
        assertThat(store.messages()).isEmpty();
    }

    @Test
    void refusesReplicas() {
        assertThatThrownBy(() -> governor.add("r", 1, Duration.ofMinutes(1), 3))
                .hasMessage("governor r: replicas 3 is not possible with the sqlite store, which keeps one copy");
    }
}

package mms.kv.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import mms.kv.BucketConfig;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.StorageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEngineTest {
    @TempDir
    Path dir;

    @Test
    void rejectsSettingsASingleFileCannotHonour() throws Exception {
        try (KeyValueStore store = SqliteEngine.open(dir.resolve("kv.db"))) {
            assertThatThrownBy(() -> store.createBucket(BucketConfig.of("R3").withReplicas(3)))
                    .isInstanceOf(KvException.class).hasMessageContaining("replicas 3");
            assertThatThrownBy(() -> store.createBucket(BucketConfig.of("MEM").withStorage(StorageType.MEMORY)))
                    .isInstanceOf(KvException.class).hasMessageContaining("MEMORY");
            assertThat(store.bucketNames()).isEmpty();
        }
    }

    @Test
    void describesItselfByItsFile() throws Exception {
        try (KeyValueStore store = SqliteEngine.open(dir.resolve("sub/kv.db"))) {
            assertThat(store.description()).isEqualTo("sqlite:" + dir.resolve("sub/kv.db"));
            assertThat(store.createBucket(BucketConfig.of("B")).status().backingStore()).contains(dir.resolve("sub/kv.db").toString());
        }
    }
}

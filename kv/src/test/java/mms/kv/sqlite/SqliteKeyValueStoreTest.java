package mms.kv.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStoreContract;
import mms.kv.KeyValueStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyValueStoreTest extends KeyValueStoreContract {
    @TempDir
    Path dir;

    @Override
    protected KeyValueStore openStore() throws Exception {
        return KeyValueStores.open("sqlite:" + dir.resolve("state/kv.db"), ConnectOptions.NONE);
    }

    /** Specifications with download passwords live here: whatever the umask, only the agent's user reads them. */
    @Test
    void theStoreItsWalFilesAndTheDirectoryMadeForThemArePrivate() throws Exception {
        Path db = dir.resolve("state/kv.db");
        try (KeyValueStore store = openStore()) {
            store.createBucket(BucketConfig.of("MACHINES")).put("machines", "secret".getBytes(StandardCharsets.UTF_8));
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(db + suffix))))
                        .as("kv.db" + suffix).isEqualTo("rw-------");
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent()))).isEqualTo("rwx------");
    }

    /**
     * An agent opening its store lazily and a CLI call can set up a new store file at the same
     * moment; SQLite then answered busy at once to one of them, without waiting.
     */
    @Test
    void storesOpenedAtOnceOnANewFileAllOpen() throws Exception {
        for (int round = 0; round < 20; round++) {
            String url = "sqlite:" + dir.resolve("fresh-" + round + ".db");
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<KeyValueStore>> opened = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 4; i++) {
                    opened.add(pool.submit(() -> {
                        go.await();
                        return KeyValueStores.open(url, ConnectOptions.NONE);
                    }));
                }
                go.countDown();
                for (var f : opened) {
                    f.get().close();
                }
            }
        }
    }
}

package mms.kv.sqlite;

import java.nio.file.Path;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStoreContract;
import mms.kv.KeyValueStores;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyValueStoreTest extends KeyValueStoreContract {
    @TempDir
    Path dir;

    @Override
    protected KeyValueStore openStore() throws Exception {
        return KeyValueStores.open("sqlite:" + dir.resolve("state/kv.db"), ConnectOptions.NONE);
    }
}

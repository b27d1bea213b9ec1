package mms.watcher.kv;

import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.ConnectOptions;

/** The kv watcher on the embedded SQLite store. */
class SqliteKvWatcherTest extends KvWatcherContract {
    @Override
    KeyValueStore openStore() throws Exception {
        return KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
    }
}

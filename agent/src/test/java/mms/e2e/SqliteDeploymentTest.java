package mms.e2e;

import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;

/** The deployment flow on the embedded SQLite store (a file under the test's directory). */
class SqliteDeploymentTest extends DeploymentContract {
    @Override
    String storeUrl() {
        return "sqlite:" + dir.resolve("kv.db");
    }

    @Override
    KeyValueStore openStore() throws Exception {
        return KeyValueStores.open(storeUrl(), ConnectOptions.NONE);
    }
}

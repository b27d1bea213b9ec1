package mms.kv.jetstream;

import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStoreContract;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class JetStreamKeyValueStoreTest extends KeyValueStoreContract {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Override
    protected KeyValueStore openStore() throws Exception {
        return KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
    }
}

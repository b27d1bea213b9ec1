package mms.watcher.kv;

import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kv watcher on a real nats-server (JetStream KV). */
class JetStreamKvWatcherTest extends KvWatcherContract {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Override
    KeyValueStore openStore() throws Exception {
        return KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
    }
}

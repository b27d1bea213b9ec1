package mms.e2e;

import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deployment flow on a real nats-server (JetStream key-value), one server per class. */
class JetStreamDeploymentTest extends DeploymentContract {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Override
    String storeUrl() {
        return NATS.url();
    }

    @Override
    KeyValueStore openStore() throws Exception {
        return KeyValueStores.open(storeUrl(), ConnectOptions.NONE);
    }
}

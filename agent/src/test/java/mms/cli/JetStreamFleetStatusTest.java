package mms.cli;

import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fleet on a real nats-server: every agent and the CLI on their own connection to one server. */
class JetStreamFleetStatusTest extends FleetStatusContract {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Override
    String storeUrl() {
        return NATS.url();
    }
}

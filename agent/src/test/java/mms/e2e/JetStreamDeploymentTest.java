package mms.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import mms.archive.bundle.MachineBundle;
import mms.cli.Main;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.runtime.Machine;
import org.junit.jupiter.api.Test;
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

    /**
     * The fleet set-up without a web server: archives uploaded with {@code mms object put}, sources
     * {@code nats-os://}, read by the agent over its own store connection.
     */
    @Test
    void installsAndUpgradesFromAnObjectStoreWithoutAWebServer() throws Exception {
        String objects = NatsServerExtension.uniqueBucket("archives");
        String base = "nats-os://" + objects + "/fleet";
        MachineBundle v1 = operator.bundleFor("app", "1.0.0", base);
        MachineBundle v2 = operator.bundleFor("app", "2.0.0", base);
        assertThat(v1.source()).isEqualTo(base + "/app-1.0.0.tar.gz");
        for (MachineBundle b : new MachineBundle[] {v1, v2}) {
            assertThat(Main.run("object", "put", "--store", storeUrl(), objects, b.archive().toString(),
                    "--name", "fleet/" + b.archive().getFileName())).isZero();
        }
        startAgent();

        Machine first = install(v1);
        assertThat(installed("app").resolve("release.txt")).content(UTF_8).isEqualTo("app 1.0.0\n");

        put(operator.signed(Operator.entry(v2)));
        awaitRunning("app", "2.0.0");
        await().atMost(WAIT).until(first::isStopped);
        assertThat(installed("app").resolve("release.txt")).content(UTF_8).isEqualTo("app 2.0.0\n");
        assertThat(operator.downloads(v1) + operator.downloads(v2)).as("nothing fetched over HTTP").isZero();
    }
}

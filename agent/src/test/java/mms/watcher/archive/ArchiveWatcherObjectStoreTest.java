package mms.watcher.archive;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;
import mms.archive.bundle.MachineBundle;
import mms.archive.source.ArchiveSources;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Runs a real machine whose archive watcher downloads {@code nats-os://} sources from a real
 * nats-server through the key-value store the host offers, as the agent does with
 * {@code --store nats://...}.
 */
class ArchiveWatcherObjectStoreTest extends ArchiveMachineHarness {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    final String bucket = NatsServerExtension.uniqueBucket("machines");
    KeyValueStore kv;

    @Override
    WatcherServices services() {
        return kv == null ? WatcherServices.NONE : WatcherServices.NONE.withStore(kv);
    }

    @AfterEach
    void closeStore() {
        stopMachine();
        if (kv != null) {
            kv.close();
        }
    }

    MachineBundle upload(String version, String content) throws Exception {
        MachineBundle bundle = bundle(version, content, "nats-os://" + bucket + "/fleet");
        try (InputStream in = Files.newInputStream(bundle.archive())) {
            kv.objects().orElseThrow().put(bucket, "fleet/" + bundle.archive().getFileName(), in);
        }
        return bundle;
    }

    @Test
    void installsAndUpgradesFromAnObjectStoreBucket() throws Exception {
        kv = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        MachineBundle v1 = upload("1.0.0", "one");
        MachineBundle v2 = upload("2.0.0", "two");
        assertThat(v1.source()).isEqualTo("nats-os://" + bucket + "/fleet/app-1.0.0.tar.gz");
        use(v1.source(), v1.checksum(), v1.verifyChecksum());
        load("");

        settle("downloaded", "verified");
        assertThat(installed()).contains("echo one");
        assertThat(machine.state()).isEqualTo("present");

        use(v2);
        nextInterval();
        settle("downloaded", "verified", "downloaded");
        assertThat(installed()).contains("echo two");

        // a missing object: error, failure transition, one more failing check; the installed version stays
        use("nats-os://" + bucket + "/fleet/app-9.0.0.tar.gz", v2.checksum(), v1.verifyChecksum());
        nextInterval();
        settle("downloaded", "verified", "downloaded", "error");
        assertThat(machine.state()).isEqualTo("failed");
        assertThat(installed()).contains("echo two");
    }

    @Test
    void anSqliteStoreGivesAClearError() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("mms.machine");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            kv = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
            use("nats-os://" + bucket + "/fleet/app-1.0.0.tar.gz", "a".repeat(64), "b".repeat(64));
            load("");

            settle("error");
            assertThat(machine.state()).isEqualTo("failed");
            assertThat(appender.list).map(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("property 'source': " + ArchiveSources.NEEDS_NATS_STORE));
        } finally {
            log.detachAppender(appender);
        }
    }
}

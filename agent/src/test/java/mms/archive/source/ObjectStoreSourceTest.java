package mms.archive.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import mms.archive.ArchiveDeployer;
import mms.archive.ArchiveException;
import mms.archive.ArchiveLimits;
import mms.archive.ContentCheck;
import mms.archive.Deployment;
import mms.archive.Downloader;
import mms.archive.Installer;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code nats-os://} sources against a real nats-server, deployed through {@link ArchiveDeployer}. */
class ObjectStoreSourceTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @TempDir
    Path dir;
    KeyValueStore store;
    String bucket;

    @BeforeEach
    void open() throws Exception {
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        bucket = NatsServerExtension.uniqueBucket("machines");
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Bundles machine 'app' whose run.sh prints {@code content} and uploads it as {@code object}. */
    MachineBundle upload(String object, String content) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + content).resolve("app"));
        Files.writeString(src.resolve("machine.yaml"), "name: app\nversion: 1.0.0\n");
        Files.createDirectories(src.resolve("bin"));
        Files.writeString(src.resolve("bin/run.sh"), "#!/bin/sh\necho " + content + "\n");
        MachineBundle bundle = Bundler.bundle(src, dir.resolve("out-" + content), "nats-os://" + bucket + "/fleet");
        try (InputStream in = Files.newInputStream(bundle.archive())) {
            store.objects().orElseThrow().put(bucket, object, in);
        }
        return bundle;
    }

    ArchiveSource source(String url) throws MalformedURLException {
        return ArchiveSources.of(url, HttpSourceOptions.defaults(), store.objects());
    }

    Deployment deploy(ArchiveSource source, MachineBundle bundle, ArchiveLimits limits) throws Exception {
        return new ArchiveDeployer(new Installer(dir.resolve("target"), "app"), new Downloader(), limits)
                .deploy(source, bundle.checksum(), Optional.of(new ContentCheck(Bundler.SUMS_FILE, bundle.verifyChecksum())));
    }

    @Test
    void deploysABundleStoredUnderANameWithSlashes() throws Exception {
        MachineBundle bundle = upload("fleet/app-1.0.0.tar.gz", "one");
        assertThat(bundle.source()).isEqualTo("nats-os://" + bucket + "/fleet/app-1.0.0.tar.gz");

        ArchiveSource source = source(bundle.source());
        assertThat(source).isInstanceOf(ObjectStoreSource.class);
        assertThat(source.description()).isEqualTo(bundle.source());
        Deployment deployment = deploy(source, bundle, ArchiveLimits.DEFAULTS);

        assertThat(deployment.size()).isEqualTo(Files.size(bundle.archive()));
        assertThat(deployment.sha256()).isEqualTo(bundle.checksum());
        assertThat(dir.resolve("target/app/bin/run.sh")).content().contains("echo one");
    }

    @Test
    void announcesTheObjectSize() throws Exception {
        MachineBundle bundle = upload("app.tgz", "one");
        try (SourceStream stream = source("nats-os://" + bucket + "/app.tgz").open()) {
            assertThat(stream.length()).hasValue(Files.size(bundle.archive()));
            assertThat(stream.body().readAllBytes()).isEqualTo(Files.readAllBytes(bundle.archive()));
        }
    }

    @Test
    void objectNamesArePercentDecoded() throws Exception {
        MachineBundle bundle = upload("my app.tgz", "spaced");
        deploy(source("nats-os://" + bucket + "/my%20app.tgz"), bundle, ArchiveLimits.DEFAULTS);
        assertThat(dir.resolve("target/app/bin/run.sh")).content().contains("echo spaced");
    }

    @Test
    void checksumAndSizeCapsApplyUnchanged() throws Exception {
        MachineBundle one = upload("one.tgz", "one");
        MachineBundle two = upload("two.tgz", "two");
        ArchiveSource source = source("nats-os://" + bucket + "/one.tgz");

        assertThatThrownBy(() -> deploy(source, two, ArchiveLimits.DEFAULTS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining(two.checksum());
        ArchiveLimits tiny = new ArchiveLimits(10, ArchiveLimits.DEFAULT_MAX_EXTRACTED_SIZE, ArchiveLimits.DEFAULT_MAX_FILES, false);
        assertThatThrownBy(() -> deploy(source, one, tiny))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("more than max_size of 10 bytes");
        assertThat(dir.resolve("target/app")).doesNotExist();
    }

    @Test
    void aMissingObjectIsAClearError() throws Exception {
        MachineBundle bundle = upload("app.tgz", "one");
        assertThatThrownBy(() -> deploy(source("nats-os://" + bucket + "/fleet/nope.tgz"), bundle, ArchiveLimits.DEFAULTS))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("download of nats-os://" + bucket + "/fleet/nope.tgz failed: object 'fleet/nope.tgz' "
                        + "does not exist in object store bucket '" + bucket + "'");
    }

    @Test
    void aMissingBucketIsAClearError() throws Exception {
        MachineBundle bundle = upload("app.tgz", "one");
        assertThatThrownBy(() -> deploy(source("nats-os://absent_bucket/app.tgz"), bundle, ArchiveLimits.DEFAULTS))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("download of nats-os://absent_bucket/app.tgz failed: "
                        + "object store bucket absent_bucket not found in " + NATS.url());
    }

    @Test
    void needsANatsStore() throws Exception {
        try (KeyValueStore sqlite = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            assertThatThrownBy(() -> ArchiveSources.of("nats-os://machines/app.tgz", HttpSourceOptions.defaults(), sqlite.objects()))
                    .isInstanceOf(MalformedURLException.class)
                    .hasMessage("nats-os:// sources need a NATS store (--store nats://...)");
        }
        assertThatThrownBy(() -> ArchiveSources.of("nats-os://machines/app.tgz", HttpSourceOptions.defaults()))
                .hasMessage(ArchiveSources.NEEDS_NATS_STORE);
    }

    @Test
    void rejectsMalformedObjectStoreUrls() {
        assertThatThrownBy(() -> source("nats-os://machines")).isInstanceOf(MalformedURLException.class)
                .hasMessage("invalid url nats-os://machines: no object name, use nats-os://BUCKET/OBJECT");
        assertThatThrownBy(() -> source("nats-os://machines/")).isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("no object name");
        assertThatThrownBy(() -> source("nats-os:///app.tgz")).isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("no bucket");
        assertThatThrownBy(() -> source("nats-os://ma.chines/app.tgz")).isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("invalid bucket name 'ma.chines'");
        assertThatThrownBy(() -> source("nats-os://user:secret@machines/app.tgz")).isInstanceOf(MalformedURLException.class)
                .hasMessageNotContaining("secret").hasMessageContaining("take no user information");
        assertThatThrownBy(() -> source("nats-os://machines/app.tgz?v=1")).isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("take no query");
    }
}

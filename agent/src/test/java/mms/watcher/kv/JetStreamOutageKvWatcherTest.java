package mms.watcher.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsCluster;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-store outages on NATS: the servers are killed (SIGKILL) and started again on the same
 * ports and state, and the watcher must keep its data meanwhile and recover by itself.
 */
class JetStreamOutageKvWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"poll", "watch"})
    void keepsTheLastGoodDataWhileTheServerIsDownAndRecoversWhenItReturns(String mode) throws Exception {
        NatsServerExtension.requireBinary();
        String bucketName = NatsServerExtension.uniqueBucket("outage");
        try (NatsServer server = NatsServer.start(dir.resolve("nats"), List.of());
             KeyValueStore store = KeyValueStores.open(server.url(), ConnectOptions.NONE)) {
            KeyValueBucket kv = store.createBucket(BucketConfig.of(bucketName));
            kv.put("spec", "{\"v\": 1}".getBytes(UTF_8));
            try (KvMachine m = KvMachine.start(dir.resolve("machine"), Optional.of(store), watcher(bucketName, mode))) {
                awaitData(m, bucketName, "{\"v\": 1}");
                await().atMost(WAIT).until(() -> m.state().equals("ready"));

                server.kill();

                await().atMost(WAIT).until(() -> m.state().equals("failed"));
                assertThat(m.published()).containsExactly(KvState.ERROR);
                assertThat(m.data(bucketName + "_spec")).isEqualTo(Json.mapper().readTree("{\"v\": 1}"));

                server.restart();
                await().atMost(WAIT).ignoreExceptions().until(() -> kv.put("spec", "{\"v\": 2}".getBytes(UTF_8)) > 0);

                awaitData(m, bucketName, "{\"v\": 2}");
                await().atMost(WAIT).until(() -> m.state().equals("ready"));
                // one error when the outage began, one recovery (unchanged or changed: races the put)
                assertThat(m.published()).hasSize(2).startsWith(KvState.ERROR).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void aThreeReplicaBucketSurvivesTheWholeClusterGoingDownAndComingBack() throws Exception {
        NatsServerExtension.requireBinary();
        String bucketName = NatsServerExtension.uniqueBucket("cluster");
        try (NatsCluster cluster = NatsCluster.start(dir.resolve("cluster"), 3)) {
            List<NatsServer> nodes = cluster.nodes();
            try (KeyValueStore store = KeyValueStores.open(cluster.url(), ConnectOptions.NONE)) {
                AtomicReference<KeyValueBucket> created = new AtomicReference<>();
                // the meta leader is elected after the nodes meet; until then creation fails
                await().atMost(WAIT).ignoreExceptions().until(() ->
                        created.compareAndSet(null, store.createBucket(BucketConfig.of(bucketName).withReplicas(3))));
                KeyValueBucket kv = created.get();
                kv.put("spec", "[\"r1\"]".getBytes(UTF_8));
                try (KvMachine m = KvMachine.start(dir.resolve("machine"), Optional.of(store), watcher(bucketName, "watch"))) {
                    awaitData(m, bucketName, "[\"r1\"]");

                    nodes.forEach(NatsServer::kill);

                    await().atMost(WAIT).until(() -> m.state().equals("failed"));
                    assertThat(m.data(bucketName + "_spec")).isEqualTo(Json.mapper().readTree("[\"r1\"]"));

                    nodes.forEach(NatsServer::restart);
                    await().atMost(WAIT).ignoreExceptions().until(() -> kv.put("spec", "[\"r2\"]".getBytes(UTF_8)) > 0);

                    awaitData(m, bucketName, "[\"r2\"]");
                    await().atMost(WAIT).until(() -> m.state().equals("ready"));
                }
            }
        }
    }

    private static String watcher(String bucket, String mode) {
        return """
                    interval: 2s
                    properties:
                      bucket: %s
                      key: spec
                      mode: %s
                """.formatted(bucket, mode);
    }

    private static void awaitData(KvMachine m, String bucket, String json) throws Exception {
        JsonNode expected = Json.mapper().readTree(json);
        await().atMost(WAIT).until(() -> KvValues.deepEquals(m.data(bucket + "_spec"), expected));
    }
}

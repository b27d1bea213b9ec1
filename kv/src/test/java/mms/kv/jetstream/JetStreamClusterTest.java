package mms.kv.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvWatch;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import mms.kv.testing.NatsCluster;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3-replica bucket on a 3-node cluster survives the loss of a node, and the node catches up. */
class JetStreamClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void readsWritesAndWatchesContinueWhenANodeDiesAndItCatchesUpOnRestart() throws Exception {
        NatsServerExtension.requireBinary();
        String bucketName = NatsServerExtension.uniqueBucket("cluster");
        try (NatsCluster cluster = NatsCluster.start(dir, 3);
             KeyValueStore store = KeyValueStores.open(cluster.url(), ConnectOptions.NONE)) {
            AtomicReference<KeyValueBucket> created = new AtomicReference<>();
            // the meta leader is elected after the nodes meet; until then creation fails
            await().atMost(WAIT).ignoreExceptions()
                    .until(() -> created.compareAndSet(null, store.createBucket(BucketConfig.of(bucketName).withReplicas(3).withHistory(5))));
            KeyValueBucket kv = created.get();
            assertThat(kv.status().replicas()).isEqualTo(3);
            kv.put("spec", "v1".getBytes(UTF_8));

            try (KvWatch watch = kv.watch(">", WatchOptions.CURRENT_THEN_CHANGES)) {
                assertThat(((WatchEvent.Update) watch.poll(WAIT).orElseThrow()).entry().valueAsString()).isEqualTo("v1");
                assertThat(watch.poll(WAIT)).contains(new WatchEvent.EndOfInitialData());

                cluster.node(0).kill();

                AtomicReference<Long> rev = new AtomicReference<>();
                await().atMost(WAIT).ignoreExceptions().until(() -> {
                    rev.set(kv.put("spec", "v2".getBytes(UTF_8)));
                    return true;
                });
                await().atMost(WAIT).ignoreExceptions()
                        .until(() -> kv.get("spec").map(Entry::valueAsString).orElse(""), "v2"::equals);
                assertThat(awaitValue(watch, "v2").revision()).isLessThanOrEqualTo(rev.get());

                NatsServer restarted = cluster.node(0);
                restarted.restart();
                String monitor = restarted.monitorUrl().orElseThrow();
                await().atMost(WAIT).ignoreExceptions()
                        .until(() -> streamLastSeq(monitor, "KV_" + bucketName) >= rev.get());

                long rev3 = kv.put("spec", "v3".getBytes(UTF_8));
                assertThat(awaitValue(watch, "v3").revision()).isEqualTo(rev3);
                await().atMost(WAIT).ignoreExceptions()
                        .until(() -> streamLastSeq(monitor, "KV_" + bucketName) >= rev3);
            }
        }
    }

    private static Entry awaitValue(KvWatch watch, String value) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var event = watch.poll(Duration.ofNanos(deadline - System.nanoTime()));
            if (event.isPresent() && event.get() instanceof WatchEvent.Update(Entry e) && e.valueAsString().equals(value)) {
                return e;
            }
        }
        throw new AssertionError("watch did not deliver " + value + " within " + WAIT);
    }

    /** The stream's last sequence as this server itself holds it (its replica), from /jsz. */
    private static long streamLastSeq(String monitorUrl, String stream) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create(monitorUrl + "/jsz?accounts=true&streams=true")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            int at = body.indexOf("\"name\":\"" + stream + "\"");
            if (at < 0) {
                at = body.indexOf("\"name\": \"" + stream + "\"");
            }
            if (at < 0) {
                return -1;
            }
            Matcher m = Pattern.compile("\"last_seq\"\\s*:\\s*(\\d+)").matcher(body);
            return m.find(at) ? Long.parseLong(m.group(1)) : -1;
        }
    }
}

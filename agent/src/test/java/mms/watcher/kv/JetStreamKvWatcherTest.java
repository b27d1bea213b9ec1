package mms.watcher.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.Republish;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.Messages;
import mms.kv.testing.LogCapture;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kv watcher on a real nats-server (JetStream KV), with what only NATS has: republished messages. */
class JetStreamKvWatcherTest extends KvWatcherContract {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Override
    KeyValueStore openStore() throws Exception {
        return KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
    }

    /** The operator's side: a bucket whose stream republishes every change of its keys on {@code repub.<bucket>.<key>}. */
    String republishingBucket() throws Exception {
        String name = NatsServerExtension.uniqueBucket("r");
        try (Connection nc = Nats.connect(NATS.url())) {
            nc.keyValueManagement().create(KeyValueConfiguration.builder().name(name).maxHistoryPerKey(5)
                    .republish(Republish.builder().source("$KV." + name + ".>").destination("repub." + name + ".>").build())
                    .build());
        }
        return name;
    }

    KvMachine startRepublished(String bucket) throws Exception {
        return machine = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                    interval: 1h
                    properties:
                      bucket: %s
                      key: spec
                      republish_trigger: 'repub.{{ lookup "data.bucket" "%s" }}.spec'
                """.formatted(bucket, bucket));
    }

    @Test
    void aRepublishTriggerBringsEveryChangeWithoutWaitingForTheInterval() throws Exception {
        String name = republishingBucket();
        var republishing = store.bucket(name);
        republishing.put("spec", "{\"v\": 1}".getBytes(UTF_8));
        startRepublished(name);
        await().atMost(WAIT).until(() -> KvValues.deepEquals(machine.data(name + "_spec"), json("{\"v\": 1}")));
        // entering ready reads once more, finding nothing new; after that only the push can bring a change within the hour
        await().atMost(WAIT).until(() -> machine.state().equals("ready") && machine.kvState() == KvState.UNCHANGED);

        republishing.put("spec", "{\"v\": 2}".getBytes(UTF_8));

        await().atMost(WAIT).until(() -> KvValues.deepEquals(machine.data(name + "_spec"), json("{\"v\": 2}")));
        republishing.delete("spec");
        await().atMost(WAIT).until(() -> machine.data(name + "_spec").isMissingNode());
    }

    static Map<String, String> republishHeaders(long sequence, String operation) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Nats-Stream", "KV_B");
        headers.put("Nats-Subject", "$KV.B.spec");
        headers.put("Nats-Sequence", Long.toString(sequence));
        headers.put("Nats-Time-Stamp", "2026-12-04T10:00:00Z");
        headers.put("Nats-Last-Sequence", "0");
        if (!operation.isEmpty()) {
            headers.put("KV-Operation", operation);
        }
        return headers;
    }

    @Test
    void aMessageWithoutTheRepublishHeadersIsIgnoredWithAWarning() throws Exception {
        put("one");
        try (LogCapture log = LogCapture.of("mms.machine", Level.WARN)) {
            machine = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                        interval: 1h
                        properties:
                          bucket: %s
                          key: spec
                          republish_trigger: push.spec
                    """.formatted(bucketName));
            awaitData(TextNode.valueOf("one"));
            Messages messages = store.messages().orElseThrow();

            messages.publish("push.spec", "forged".getBytes(UTF_8));
            messages.publish("push.spec", republishHeaders(1_000, ""), "two".getBytes(UTF_8));

            awaitData(TextNode.valueOf("two"));
            assertThat(log.messages(Level.WARN)).singleElement().satisfies(m -> assertThat(m)
                    .contains("Received non republished message on \"push.spec\" (6 bytes, no Nats-Stream header)"));
            messages.publish("push.spec", republishHeaders(1_001, "PURGE"), new byte[0]);
            await().atMost(WAIT).until(() -> machine.data(dataKey()).isMissingNode());
            messages.publish("push.spec", republishHeaders(900, ""), "older".getBytes(UTF_8));
            messages.publish("push.spec", republishHeaders(1_002, ""), "three".getBytes(UTF_8));
            awaitData(TextNode.valueOf("three"));
        }
    }

    @Test
    void aRepublishedMessageForAnotherKeyIsAnError() throws Exception {
        put("one");
        machine = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                    interval: 1h
                    properties:
                      bucket: %s
                      key: spec
                      republish_trigger: "push.>"
                """.formatted(bucketName));
        awaitData(TextNode.valueOf("one"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));

        store.messages().orElseThrow().publish("push.other", republishHeaders(50, ""), "x".getBytes(UTF_8));

        await().atMost(WAIT).until(() -> machine.state().equals("failed"));
        assertThat(machine.data(dataKey())).isEqualTo(TextNode.valueOf("one"));
    }
}

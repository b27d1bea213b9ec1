package mms.watcher.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.testing.LogCapture;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kv watcher against a real store; subclasses supply the engine. */
abstract class KvWatcherContract {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    KeyValueStore store;
    String bucketName;
    KeyValueBucket bucket;
    KvMachine machine;

    abstract KeyValueStore openStore() throws Exception;

    @BeforeEach
    void openBucket() throws Exception {
        store = openStore();
        bucketName = NatsServerExtension.uniqueBucket("w");
        bucket = store.createBucket(BucketConfig.of(bucketName).withHistory(5));
    }

    @AfterEach
    void closeAll() {
        if (machine != null) {
            machine.close();
        }
        if (store != null) {
            store.close();
        }
    }

    KvMachine start(String mode, String interval, String extra) throws Exception {
        machine = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                    interval: %s
                    properties:
                      bucket: %s
                      key: spec
                      mode: %s
                """.formatted(interval, bucketName, mode) + extra);
        return machine;
    }

    void put(String value) throws Exception {
        bucket.put("spec", value.getBytes(UTF_8));
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    String dataKey() {
        return bucketName + "_spec";
    }

    void awaitData(JsonNode expected) {
        await().atMost(WAIT).until(() -> KvValues.deepEquals(machine.data(dataKey()), expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "watch"})
    void bringsAJsonValueIntoDataAndFiresTheSuccessTransition(String mode) throws Exception {
        put("{\"machines\": [\"a\", \"b\"], \"n\": 1}");
        start(mode, "1h", "");

        awaitData(json("{\"machines\": [\"a\", \"b\"], \"n\": 1}"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));
        assertThat(machine.machine.data().get(dataKey()).get("n").asInt()).isEqualTo(1);
    }

    @Test
    void watchModeDeliversEveryPutWithoutWaitingForTheInterval() throws Exception {
        put("[1]");
        start("watch", "1h", "");
        awaitData(json("[1]"));

        put("[2]");
        awaitData(json("[2]"));
        put("{\"x\": \"y\"}");
        awaitData(json("{\"x\": \"y\"}"));
    }

    @Test
    void pollModeRereadsEveryInterval() throws Exception {
        put("one");
        start("poll", "1s", "");
        awaitData(TextNode.valueOf("one"));

        put("two");
        awaitData(TextNode.valueOf("two"));
    }

    @Test
    void aStateChangePollsAtOnceEvenWithinTheInterval() throws Exception {
        put("one");
        start("poll", "1h", "");
        awaitData(TextNode.valueOf("one"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));

        put("two");
        machine.machine.transition("reset");

        awaitData(TextNode.valueOf("two"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "watch"})
    void aDeletedOrPurgedKeyRemovesTheDataItem(String mode) throws Exception {
        put("{\"a\": 1}");
        start(mode, mode.equals("poll") ? "1s" : "1h", "");
        awaitData(json("{\"a\": 1}"));

        bucket.delete("spec");
        await().atMost(WAIT).until(() -> machine.data(dataKey()).isMissingNode());

        put("{\"a\": 2}");
        awaitData(json("{\"a\": 2}"));
        bucket.purge("spec");
        await().atMost(WAIT).until(() -> machine.data(dataKey()).isMissingNode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "watch"})
    void aMissingBucketKeepsTheLastGoodDataReportsAnErrorAndRecoversByItself(String mode) throws Exception {
        put("{\"good\": true}");
        start(mode, mode.equals("poll") ? "1s" : "1h", "");
        awaitData(json("{\"good\": true}"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));

        store.removeBucket(bucketName);
        if (mode.equals("watch")) {
            // the watch sees nothing of a removal; a state change makes the watcher poll
            machine.machine.transition("reset");
        }

        await().atMost(WAIT).until(() -> machine.published().contains(KvState.ERROR));
        await().atMost(WAIT).until(() -> machine.state().equals("failed"));
        assertThat(KvValues.deepEquals(machine.data(dataKey()), json("{\"good\": true}"))).isTrue();

        bucket = store.createBucket(BucketConfig.of(bucketName));
        put("{\"good\": \"again\"}");

        awaitData(json("{\"good\": \"again\"}"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));
        assertThat(machine.published()).endsWith(KvState.ERROR, KvState.CHANGED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "watch"})
    void aBucketAndKeyThatDoNotExistYetAreAwaitedAtInfoWithoutAnError(String mode) throws Exception {
        store.removeBucket(bucketName); // a fresh fleet: nothing published yet
        try (LogCapture log = LogCapture.of("mms.machine", Level.INFO)) {
            start(mode, mode.equals("poll") ? "1s" : "1h", "");
            await().atMost(WAIT).until(() -> machine.kvState() == KvState.ERROR);

            bucket = store.createBucket(BucketConfig.of(bucketName));
            await().atMost(WAIT).until(() -> machine.kvState() == KvState.UNCHANGED);
            put("{\"first\": true}");
            awaitData(json("{\"first\": true}"));

            List<String> lines = log.messages(Level.INFO).stream().filter(l -> l.contains(bucketName)).toList();
            assertThat(log.messages(Level.WARN)).noneMatch(l -> l.contains(bucketName));
            assertThat(lines).containsSubsequence(
                    "kvtest#config: bucket " + bucketName + " does not exist yet in " + store.description()
                            + ", waiting for it to be created",
                    "kvtest#config: " + bucketName + ".spec has no value yet, waiting for one",
                    "kvtest#config: bucket " + bucketName + " exists now",
                    "kvtest#config: stored " + bucketName + ".spec revision 1 in data item " + dataKey());
            assertThat(lines).filteredOn(l -> l.contains("waiting")).hasSize(2);
        }
    }

    @Test
    void scalarsAreStoredAsUntrimmedTextAndMalformedJsonKeepsTheData() throws Exception {
        put(" 42 ");
        start("watch", "1h", "");
        awaitData(TextNode.valueOf(" 42 "));

        await().atMost(WAIT).until(() -> machine.state().equals("ready"));
        put("{\"broken\": }");
        await().atMost(WAIT).until(() -> machine.state().equals("failed"));
        assertThat(machine.data(dataKey())).isEqualTo(TextNode.valueOf(" 42 "));
        put("{\"half\"");
        awaitData(TextNode.valueOf("{\"half\""));

        put("[true]");
        awaitData(json("[true]"));
    }

    @Test
    void aDeeplyNestedValueIsRefusedAndTheLastGoodDataKept() throws Exception {
        put("{\"good\": true}");
        start("watch", "1h", "");
        awaitData(json("{\"good\": true}"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));

        put("[".repeat(100_000) + "]".repeat(100_000));

        await().atMost(WAIT).until(() -> machine.state().equals("failed"));
        assertThat(machine.data(dataKey())).isEqualTo(json("{\"good\": true}"));
        put("[\"recovered\"]");
        awaitData(json("[\"recovered\"]"));
    }

    /** The original's kv watcher cases for {@code hiera_config} (kv_test.go), against a real store. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"ginkgo.example.net, override", "other.example.net, value"})
    void aHieraDocumentIsResolvedAgainstTheNodesFactsBeforeItIsStored(String fqdn, String expected) throws Exception {
        put("""
                {
                    "hierarchy": {"order": ["fqdn:{{ lookup('facts.fqdn') }}"]},
                    "data": {"test": "value"},
                    "overrides": {"fqdn:ginkgo.example.net": {"test": "override"}}
                }""");
        machine = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                    interval: 1h
                    properties:
                      bucket: %s
                      key: spec
                      hiera_config: true
                """.formatted(bucketName), json("{\"fqdn\": \"" + fqdn + "\"}"));

        awaitData(json("{\"test\": \"" + expected + "\"}"));
    }

    @Test
    void aHieraDocumentThatCannotBeResolvedKeepsTheLastGoodData() throws Exception {
        put("{\"data\": {\"test\": \"value\"}}");
        start("poll", "1s", "      hiera_config: true\n");
        awaitData(json("{\"test\": \"value\"}"));

        put("{\"hierarchy\": {\"order\": \"default\"}, \"data\": {\"test\": \"other\"}}");

        await().atMost(WAIT).until(() -> machine.state().equals("failed"));
        assertThat(machine.data(dataKey())).isEqualTo(json("{\"test\": \"value\"}"));
    }

    @Test
    void storeKeyAndBucketPrefixChooseTheDataKey() throws Exception {
        put("v");
        start("watch", "1h", """
                      store_key: "{{ ToUpper \\"cfg\\" }}"
                      bucket_prefix: false
                """);
        await().atMost(WAIT).until(() -> machine.data("CFG").equals(TextNode.valueOf("v")));
        assertThat(machine.data(dataKey()).isMissingNode()).isTrue();
    }

    @Test
    void aRestartDoesNotReportAChangeForDataItAlreadyHas() throws Exception {
        put("[1, 2]");
        start("poll", "1h", "");
        awaitData(json("[1, 2]"));
        await().atMost(WAIT).until(() -> machine.state().equals("ready"));
        machine.close();

        machine = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                    interval: 1h
                    properties:
                      bucket: %s
                      key: spec
                """.formatted(bucketName));
        await().atMost(WAIT).until(() -> machine.kvState() == KvState.UNCHANGED);
        assertThat(machine.state()).isEqualTo("start");
        assertThat(machine.data(dataKey())).isEqualTo(json("[1, 2]"));
    }

    @Test
    void anInactiveWatcherSkipsAndReadsAsSoonAsItsStateComes() throws Exception {
        put("v");
        machine = KvMachine.start(dir.resolve("machine"), Optional.of(store), """
                    state_match: [ready]
                    properties:
                      bucket: %s
                      key: spec
                      mode: watch
                """.formatted(bucketName));
        await().atMost(WAIT).until(() -> machine.kvState() == KvState.SKIPPED);
        assertThat(machine.data(dataKey()).isMissingNode()).isTrue();
        assertThat(machine.published()).isEmpty();

        machine.machine.transition("got");

        awaitData(TextNode.valueOf("v"));
        put("w");
        awaitData(TextNode.valueOf("w"));
        assertThat(machine.published()).isEmpty();
    }
}

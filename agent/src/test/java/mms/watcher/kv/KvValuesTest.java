package mms.watcher.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class KvValuesTest {

    static JsonNode value(String raw, Optional<String> query) {
        return ((KvValues.Parsed.Value) KvValues.parse(raw.getBytes(UTF_8), query)).node();
    }

    static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void parsesObjectsAndArraysAfterTrimmingGoWhiteSpace() throws Exception {
        assertThat(value("\u00a0 {\"a\": [1, 2]}\n", Optional.empty())).isEqualTo(json("{\"a\": [1, 2]}"));
        assertThat(value("\t[\"x\"] ", Optional.empty())).isEqualTo(json("[\"x\"]"));
    }

    @Test
    void keepsScalarsAsTheOriginalUntrimmedText() {
        assertThat(value(" 42\n", Optional.empty())).isEqualTo(TextNode.valueOf(" 42\n"));
        assertThat(value("true", Optional.empty())).isEqualTo(TextNode.valueOf("true"));
        assertThat(value("\"quoted\"", Optional.empty())).isEqualTo(TextNode.valueOf("\"quoted\""));
        assertThat(value("{not closed", Optional.empty())).isEqualTo(TextNode.valueOf("{not closed"));
    }

    @Test
    void reportsMalformedJsonWithoutQuotingTheValue() {
        KvValues.Parsed p = KvValues.parse("{\"secret\": hunter2}".getBytes(UTF_8), Optional.empty());
        assertThat(p).isInstanceOf(KvValues.Parsed.Invalid.class);
        assertThat(((KvValues.Parsed.Invalid) p).reason()).startsWith("looks like a JSON object but does not parse")
                .doesNotContain("secret");
        assertThat(KvValues.parse("[1,".getBytes(UTF_8), Optional.empty()))
                .isInstanceOf(KvValues.Parsed.Value.class); // does not end with ']': text
        assertThat(KvValues.parse("[1,]]".getBytes(UTF_8), Optional.empty())).isInstanceOf(KvValues.Parsed.Invalid.class);
    }

    @Test
    void appliesTheQueryToObjectsAndFallsBackToTheRawText() throws Exception {
        assertThat(value("{\"a\": {\"b\": [3]}}", Optional.of("a.b"))).isEqualTo(json("[3]"));
        assertThat(value("{\"a\": 1}", Optional.of("missing"))).isEqualTo(TextNode.valueOf("{\"a\": 1}"));
        assertThat(value("[1]", Optional.of("0"))).isEqualTo(json("[1]"));
    }

    @Test
    void comparesStructurallyWithNumbersByValue() throws Exception {
        assertThat(KvValues.deepEquals(json("{\"a\": 1, \"b\": [1.0, \"x\"]}"), json("{\"b\": [1, \"x\"], \"a\": 1.0}"))).isTrue();
        assertThat(KvValues.deepEquals(json("[1, 2]"), json("[2, 1]"))).isFalse();
        assertThat(KvValues.deepEquals(json("{\"a\": 1}"), json("{\"a\": 1, \"b\": null}"))).isFalse();
        assertThat(KvValues.deepEquals(TextNode.valueOf("1"), json("1"))).isFalse();
        assertThat(KvValues.deepEquals(null, json("1"))).isFalse();
    }

    @Test
    void refusesValuesOverEightMebibytesWhateverTheyHold() {
        byte[] text = new byte[KvValues.MAX_BYTES + 1];
        java.util.Arrays.fill(text, (byte) 'x');

        assertThat(KvValues.parse(text, Optional.empty())).isEqualTo(new KvValues.Parsed.Invalid(
                "is 8388609 bytes, the limit for machine data is 8388608 (8 MiB)"));
        assertThat(KvValues.parse(new byte[KvValues.MAX_BYTES], Optional.empty())).isInstanceOf(KvValues.Parsed.Value.class);
    }

    @Test
    void refusesJsonNestedDeeperThanTheLimitWithoutOverflowingTheStack() {
        for (int depth : new int[] {33, 500, 100_000}) {
            String deep = "[".repeat(depth) + "]".repeat(depth);
            assertThat(KvValues.parse(deep.getBytes(UTF_8), Optional.empty())).as("depth " + depth)
                    .isEqualTo(new KvValues.Parsed.Invalid("is a JSON array that is nested more than 32 levels deep"
                            + " (at line 1 column 33), the limit for machine data"));
        }
        String deepObject = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThat(KvValues.parse(deepObject.getBytes(UTF_8), Optional.empty()))
                .isInstanceOf(KvValues.Parsed.Invalid.class);
        String limit = "[".repeat(32) + "]".repeat(32);
        assertThat(KvValues.parse(limit.getBytes(UTF_8), Optional.empty())).isInstanceOf(KvValues.Parsed.Value.class);
    }
}

package mms.watcher.kv;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import mms.json.Json;
import mms.json.JsonBounds;
import mms.json.gjson.GJson;

/** How stored bytes become machine data, and when two data values are the same. */
final class KvValues {

    /**
     * The largest value brought into machine data: 8 MiB, room for the largest specification
     * envelope ({@link mms.spec.Specification#MAX_ENVELOPE_LENGTH}). Machine data is held in
     * memory and rewritten to {@code machine_data.json} on every change.
     */
    static final int MAX_BYTES = 8 * 1024 * 1024;
    /** How deeply a JSON value may nest; checked by streaming, before a tree is built. */
    static final int MAX_DEPTH = 32;

    private KvValues() {}

    /** What a value parsed into. */
    sealed interface Parsed {
        /** The data value to store. */
        record Value(JsonNode node) implements Parsed {}

        /** The bytes look like JSON but are not; {@code reason} never quotes the value. */
        record Invalid(String reason) implements Parsed {}
    }

    /**
     * Parses a value as the original: trimmed text in braces is a JSON object (then {@code query}
     * applies), in brackets a JSON array, anything else (or a query that finds nothing) the
     * untrimmed text. Unlike the original, malformed JSON is {@link Parsed.Invalid} instead of an
     * empty object that would replace good data, and so is a value over {@link #MAX_BYTES} or
     * JSON nested deeper than {@link #MAX_DEPTH}.
     */
    static Parsed parse(byte[] bytes, Optional<String> query) {
        return parse(bytes, query, Optional.empty());
    }

    /**
     * As {@link #parse(byte[], Optional)}, and with {@code hieraFacts} a JSON object is a Hiera
     * document ({@link Hiera}) resolved against those facts before {@code query} applies, as the
     * original's {@code hiera_config}; a document that cannot be resolved is {@link Parsed.Invalid}.
     */
    static Parsed parse(byte[] bytes, Optional<String> query, Optional<JsonNode> hieraFacts) {
        if (bytes.length > MAX_BYTES) {
            return new Parsed.Invalid("is " + bytes.length + " bytes, the limit for machine data is " + MAX_BYTES
                    + " (8 MiB)");
        }
        String raw = new String(bytes, StandardCharsets.UTF_8);
        String v = trimGoSpace(raw);
        boolean object = v.startsWith("{") && v.endsWith("}");
        boolean array = !object && v.startsWith("[") && v.endsWith("]");
        if (!object && !array) {
            return new Parsed.Value(TextNode.valueOf(raw));
        }
        String kind = object ? "object" : "array";
        JsonNode node;
        try {
            try (JsonParser shape = Json.mapper().createParser(v)) {
                JsonBounds.check(shape, MAX_DEPTH, Integer.MAX_VALUE);
            }
            node = Json.mapper().readTree(v);
        } catch (JsonBounds.JsonBoundsException e) {
            return new Parsed.Invalid("is a JSON " + kind + " that " + e.getMessage() + ", the limit for machine data");
        } catch (JsonProcessingException e) {
            return new Parsed.Invalid("looks like a JSON " + kind + " but does not parse: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            return new Parsed.Invalid("cannot be read as a JSON " + kind + ": " + e.getMessage());
        }
        if (node == null || (object && !node.isObject()) || (array && !node.isArray())) {
            return new Parsed.Invalid("looks like a JSON " + kind + " but is not one");
        }
        if (object && hieraFacts.isPresent()) {
            try {
                node = Hiera.resolve((ObjectNode) node, hieraFacts.get());
            } catch (Hiera.HieraException e) {
                return new Parsed.Invalid("is a hiera document that cannot be resolved: " + e.getMessage());
            }
        }
        if (object && query.isPresent()) {
            Optional<JsonNode> found = GJson.get(node, query.get());
            return new Parsed.Value(found.orElse(TextNode.valueOf(raw)));
        }
        return new Parsed.Value(node);
    }

    /**
     * Structural equality of JSON-shaped values: objects by key regardless of order, arrays by
     * position, numbers by value ({@code 1} equals {@code 1.0}, as the original's doubles), the
     * rest exactly.
     */
    static boolean deepEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!deepEquals(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!deepEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Go's {@code strings.TrimSpace}: removes Unicode white space (which differs from Java's {@code strip}). */
    static String trimGoSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isGoSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isGoSpace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }
}

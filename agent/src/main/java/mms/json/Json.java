package mms.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The shared JSON mapper and a few helpers; see the package documentation for the rules. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(goStyleFactory())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(false))
            .build();

    private Json() {}

    /** The mapper: compact output, sorted map keys, Go-style escaping. Thread-safe. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Compact JSON for a value or tree, members in the order they are in (struct order, as Go
     * writes structs).
     *
     * @throws UncheckedIOException never for trees and records made of JSON values
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON with every object's members sorted by key, as Go writes maps. */
    public static String writeSorted(JsonNode value) {
        return write(sorted(value));
    }

    /**
     * JSON indented as Go's {@code json.MarshalIndent(v, "", "  ")} writes it: two spaces per
     * level, {@code "key": value}, empty arrays and objects as {@code []} and {@code {}}, Go-style
     * escaping, no trailing newline. What the original's {@code choria machine plugins add} writes.
     */
    public static String writeIndented(JsonNode value) {
        StringBuilder out = new StringBuilder();
        indented(value, "", out);
        return out.toString();
    }

    private static void indented(JsonNode node, String indent, StringBuilder out) {
        boolean object = node.isObject();
        if (!(object || node.isArray()) || node.isEmpty()) {
            out.append(write(node));
            return;
        }
        out.append(object ? "{\n" : "[\n");
        String inner = indent + "  ";
        var members = node.properties().iterator();
        var elements = node.elements();
        while (object ? members.hasNext() : elements.hasNext()) {
            out.append(inner);
            if (object) {
                var member = members.next();
                out.append(write(member.getKey())).append(": ");
                indented(member.getValue(), inner, out);
            } else {
                indented(elements.next(), inner, out);
            }
            out.append((object ? members.hasNext() : elements.hasNext()) ? ",\n" : "\n");
        }
        out.append(indent).append(object ? '}' : ']');
    }

    /** A deep copy of {@code node} with every object's fields in key order, like Go maps. */
    public static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            node.properties().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            var out = MAPPER.createArrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    private static JsonFactory goStyleFactory() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new GoEscapes());
        return factory;
    }

    /** Go's encoder escapes these so JSON can be embedded in HTML; hashes and signatures depend on it. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] table;

        GoEscapes() {
            table = CharacterEscapes.standardAsciiEscapesForJSON();
            table['<'] = CharacterEscapes.ESCAPE_CUSTOM;
            table['>'] = CharacterEscapes.ESCAPE_CUSTOM;
            table['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> new SerializedString("\\u003c");
                case '>' -> new SerializedString("\\u003e");
                case '&' -> new SerializedString("\\u0026");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}

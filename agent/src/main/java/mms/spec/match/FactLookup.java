package mms.spec.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a {@code get_fact} query against the node's facts. The original uses GJSON; callers
 * that have a GJSON evaluator (package {@code mms.template.gjson}) should supply it here.
 * {@link #dotted()} is a small built-in stand-in covering the common paths.
 */
@FunctionalInterface
public interface FactLookup {

    /**
     * @param facts the facts document, not null (may be a JSON null or missing node)
     * @param query the query text, not null
     * @return the value found (an existing JSON null is found as a null node), or empty when the
     *     path does not exist
     */
    Optional<JsonNode> lookup(JsonNode facts, String query);

    /**
     * The built-in lookup, a subset of GJSON paths: keys separated by {@code .} ({@code \} escapes
     * the next character, e.g. {@code my\.key}), array elements by index ({@code hosts.0}) and an
     * array's length by {@code #}. Wildcards, queries, modifiers and pipes are not supported: such
     * keys are looked up literally and so are normally not found. To be replaced by the shared
     * GJSON evaluator.
     */
    static FactLookup dotted() {
        return FactLookup::dottedLookup;
    }

    private static Optional<JsonNode> dottedLookup(JsonNode facts, String query) {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\\' && i + 1 < query.length()) {
                key.append(query.charAt(++i));
            } else if (c == '.') {
                keys.add(key.toString());
                key.setLength(0);
            } else {
                key.append(c);
            }
        }
        keys.add(key.toString());
        JsonNode node = facts;
        for (String k : keys) {
            if (node == null) {
                return Optional.empty();
            }
            if (node.isObject()) {
                node = node.get(k);
            } else if (node.isArray()) {
                if (k.equals("#")) {
                    node = IntNode.valueOf(node.size());
                } else if (k.matches("[0-9]{1,9}")) {
                    node = node.get(Integer.parseInt(k));
                } else {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(node);
    }
}

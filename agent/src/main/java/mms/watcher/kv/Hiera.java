package mms.watcher.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import mms.spec.match.Dialect;
import mms.spec.match.Expression;
import mms.spec.match.FactLookup;
import mms.spec.match.MatchEnvironment;
import mms.spec.match.FileProbe;
import mms.spec.match.MatcherException;

/**
 * Resolves a Hiera document against a node's facts, as the original's kv watcher does with
 * {@code hiera_config: true} (Choria CCM's {@code hiera.Resolve}):
 * <pre>
 * {"hierarchy": {"order": ["env:{{ lookup('facts.env') }}", "fqdn:{{ lookup('facts.fqdn') }}"], "merge": "first"},
 *  "data":      {"log_level": "INFO"},
 *  "overrides": {"env:prod": {"log_level": "WARN"}}}
 * </pre>
 * The result is {@code data} with the overrides the node's facts select merged in:
 * <ol>
 *   <li>Without {@code hierarchy} the order is {@code ["default"]}. {@code hierarchy} must be an
 *       object, {@code hierarchy.order} a list of strings; {@code hierarchy.merge} is
 *       {@code first} (the default) or {@code deep}, in any case.</li>
 *   <li>Each order entry is a template: {@code {{ expr }}} and {@code ${ expr }} are replaced by
 *       the value of the expression ({@link Dialect#HIERA}: {@code lookup('facts.x'[, default])}
 *       and the language's built-ins, e.g. {@code | lower()}). An entry whose expressions all give
 *       the empty string or nil is skipped (a fact the node lacks); an entry without expressions is
 *       used as written. The resolved name selects {@code overrides[name]}, when it is an object;
 *       the name {@code data} is skipped when there is {@code data}.</li>
 *   <li>{@code first}: the first override found is merged over {@code data} key by key, and
 *       resolution ends. {@code deep}: every override found is merged in order, objects
 *       recursively, lists appended; the last one wins for other values.</li>
 *   <li>String values in {@code data} and the overrides are templates too: a string that is
 *       exactly one expression takes the expression's value and type (a number, a list); other
 *       strings get each expression's value as text.</li>
 *   <li>Whole numbers in the document are integers ({@code 10.0} reads as {@code 10}).</li>
 * </ol>
 * Unlike the original, {@code overrides} that is not an object is an error rather than a crash.
 */
final class Hiera {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DATA = "data";

    private Hiera() {}

    /** Why a document cannot be resolved; the message is lowercase and names the bad part. */
    static final class HieraException extends Exception {
        private static final long serialVersionUID = 1L;

        HieraException(String message) {
            super(message);
        }
    }

    /**
     * Resolves {@code document} against {@code facts}.
     *
     * @param document the Hiera document, not null, not modified
     * @param facts    the node's facts, not null
     * @return the resolved data, a new object
     * @throws HieraException when the hierarchy is malformed, a template does not compile or fails,
     *     or the merge mode is unknown
     */
    static ObjectNode resolve(ObjectNode document, JsonNode facts) throws HieraException {
        ObjectNode root = (ObjectNode) wholeNumbers(document);
        if (!root.has("hierarchy")) {
            root.set("hierarchy", NODES.objectNode().set("order", NODES.arrayNode().add("default")));
        }
        JsonNode overridesNode = root.get("overrides");
        if (overridesNode != null && !overridesNode.isObject()) {
            throw new HieraException("overrides must be an object");
        }
        ObjectNode overrides = overridesNode == null ? NODES.objectNode() : (ObjectNode) overridesNode;
        JsonNode hierarchy = root.get("hierarchy");
        if (!hierarchy.isObject()) {
            throw new HieraException("hierarchy section is required");
        }
        JsonNode orderNode = hierarchy.get("order");
        if (orderNode == null || !orderNode.isArray()) {
            throw new HieraException("hierarchy.order must be a list");
        }
        List<String> order = new ArrayList<>();
        for (JsonNode entry : orderNode) {
            if (!entry.isTextual()) {
                throw new HieraException("hierarchy.order must contain only strings");
            }
            order.add(entry.textValue());
        }
        JsonNode mergeNode = hierarchy.get("merge");
        String merge = mergeNode != null && mergeNode.isTextual() ? mergeNode.textValue().toLowerCase(Locale.ROOT) : "";
        if (merge.isEmpty()) {
            merge = "first";
        }

        MatchEnvironment node = new MatchEnvironment("", facts, List.of(), FileProbe.system(), FactLookup.gjson());
        JsonNode data = root.get(DATA);
        boolean hasData = data != null && data.isObject();
        ObjectNode base = hasData ? (ObjectNode) expand(data, node) : NODES.objectNode();
        for (String entry : order) {
            Optional<String> name = selector(entry, node);
            if (name.isEmpty() || (name.get().equals(DATA) && hasData)) {
                continue;
            }
            JsonNode candidate = overrides.get(name.get());
            if (candidate == null || !candidate.isObject()) {
                continue;
            }
            ObjectNode expanded = (ObjectNode) expand(candidate, node);
            switch (merge) {
                case "deep" -> base = deepMerge(base, expanded);
                case "first" -> {
                    ObjectNode merged = base.deepCopy();
                    merged.setAll(expanded);
                    return merged;
                }
                default -> throw new HieraException("unsupported merge mode: " + mergeNode.textValue());
            }
        }
        return base;
    }

    /** The override an order entry names on this node, or empty when its expressions find nothing. */
    private static Optional<String> selector(String entry, MatchEnvironment node) throws HieraException {
        List<Templates.Match> matches = Templates.find(entry);
        if (matches.isEmpty()) {
            return entry.isEmpty() ? Optional.empty() : Optional.of(entry);
        }
        StringBuilder out = new StringBuilder();
        boolean found = false;
        int last = 0;
        for (Templates.Match m : matches) {
            Object value = evaluate(m.expression(entry), node);
            found |= value != null && !"".equals(value);
            out.append(entry, last, m.start()).append(Expression.format(value));
            last = m.end();
        }
        out.append(entry.substring(last));
        return found ? Optional.of(out.toString()) : Optional.empty();
    }

    /** Every string in {@code value} with its templates resolved, as a new tree. */
    private static JsonNode expand(JsonNode value, MatchEnvironment node) throws HieraException {
        if (value.isTextual()) {
            return template(value.textValue(), node);
        }
        if (value.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                out.set(e.getKey(), expand(e.getValue(), node));
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode element : value) {
                out.add(expand(element, node));
            }
            return out;
        }
        return value.deepCopy();
    }

    /** A string value: one whole expression keeps its type, anything else is text. */
    private static JsonNode template(String text, MatchEnvironment node) throws HieraException {
        List<Templates.Match> matches = Templates.find(text);
        if (matches.isEmpty()) {
            return NODES.textNode(text);
        }
        Templates.Match first = matches.getFirst();
        if (matches.size() == 1 && text.strip().equals(text.substring(first.start(), first.end()))) {
            return Expression.toJson(evaluate(first.expression(text), node));
        }
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (Templates.Match m : matches) {
            out.append(text, last, m.start()).append(Expression.format(evaluate(m.expression(text), node)));
            last = m.end();
        }
        return NODES.textNode(out.append(text.substring(last)).toString());
    }

    private static Object evaluate(String expression, MatchEnvironment node) throws HieraException {
        try {
            return Expression.compile(expression, Dialect.HIERA).evaluate(node);
        } catch (MatcherException e) {
            throw new HieraException("expression '" + expression + "': " + e.getMessage());
        }
    }

    /** {@code source} merged into a copy of {@code target}: objects recursively, lists appended. */
    static ObjectNode deepMerge(ObjectNode target, ObjectNode source) {
        ObjectNode result = target.deepCopy();
        for (Map.Entry<String, JsonNode> e : source.properties()) {
            JsonNode existing = result.get(e.getKey());
            JsonNode incoming = e.getValue();
            if (existing instanceof ObjectNode o && incoming instanceof ObjectNode i) {
                result.set(e.getKey(), deepMerge(o, i));
            } else if (existing instanceof ArrayNode a && incoming instanceof ArrayNode i) {
                result.set(e.getKey(), a.deepCopy().addAll(i.deepCopy()));
            } else {
                result.set(e.getKey(), incoming.deepCopy());
            }
        }
        return result;
    }

    /** A copy of {@code value} with whole floating-point numbers as integers, as the original normalises. */
    private static JsonNode wholeNumbers(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = NODES.objectNode();
            value.properties().forEach(e -> out.set(e.getKey(), wholeNumbers(e.getValue())));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            value.forEach(v -> out.add(wholeNumbers(v)));
            return out;
        }
        if (value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())
                && Math.abs(value.doubleValue()) < 9.0e18) {
            return Expression.integer(value.longValue());
        }
        return value.deepCopy();
    }
}

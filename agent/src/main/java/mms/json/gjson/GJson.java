package mms.json.gjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates GJSON paths (github.com/tidwall/gjson syntax) against a Jackson tree.
 *
 * <p>Supported: dotted keys ({@code name.first}), array indexes ({@code children.0}), array length
 * ({@code friends.#}), mapping over elements ({@code friends.#.age}), the wildcards {@code *} and
 * {@code ?} inside a key (first matching key in document order), {@code \} escapes
 * ({@code fav\.movie}), queries {@code #(path op value)} for the first match and
 * {@code #(...)#} for all matches with the operators {@code == = != < <= > >= % !%}, the modifiers
 * {@code @reverse @keys @values @flatten @this} and pipes {@code |} (which, unlike {@code .}, apply
 * the rest of the path to the result of a {@code #} mapping as a whole).
 *
 * <p>As in GJSON, a path that selects nothing is "not found", an unknown modifier is looked up as an
 * ordinary key, and numbers are returned as they are in the tree. Malformed queries, which GJSON
 * answers unpredictably, are rejected.
 */
public final class GJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int CACHE_LIMIT = 512;
    private static final Map<String, List<List<Component>>> CACHE = new ConcurrentHashMap<>();

    private GJson() {}

    /**
     * Evaluates {@code path} against {@code document}.
     *
     * @param document the tree to search, not null
     * @param path the GJSON path, not null
     * @return the selected node; empty when the path selects nothing. An existing JSON null is
     *     returned as {@link NullNode}
     * @throws IllegalArgumentException when the path is malformed (for example an unterminated
     *     query); the message names the path
     */
    public static Optional<JsonNode> get(JsonNode document, String path) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            return Optional.empty();
        }
        List<List<Component>> segments = parse(path);
        JsonNode current = document;
        for (List<Component> segment : segments) {
            Optional<JsonNode> next = eval(current, segment, 0);
            if (next.isEmpty()) {
                return next;
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    private static List<List<Component>> parse(String path) {
        List<List<Component>> cached = CACHE.get(path);
        if (cached != null) {
            return cached;
        }
        List<List<Component>> parsed = new PathParser(path).parse();
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(path, parsed);
        return parsed;
    }

    private static Optional<JsonNode> eval(JsonNode node, List<Component> comps, int i) {
        if (i == comps.size()) {
            return Optional.of(node);
        }
        boolean last = i == comps.size() - 1;
        return switch (comps.get(i)) {
            case Key key -> key(node, key).flatMap(child -> eval(child, comps, i + 1));
            case Hash hash -> {
                if (!node.isArray()) {
                    yield Optional.empty();
                }
                yield last ? Optional.of(IntNode.valueOf(node.size())) : Optional.of(map(node, comps, i + 1));
            }
            case Query query -> {
                if (!node.isArray()) {
                    yield Optional.empty();
                }
                if (!query.all()) {
                    for (JsonNode element : node) {
                        if (query.matches(element)) {
                            yield eval(element, comps, i + 1);
                        }
                    }
                    yield Optional.empty();
                }
                ArrayNode matches = NODES.arrayNode();
                for (JsonNode element : node) {
                    if (query.matches(element)) {
                        matches.add(element);
                    }
                }
                yield last ? Optional.of(matches) : Optional.of(map(matches, comps, i + 1));
            }
            case Modifier modifier -> eval(modifier.apply(node), comps, i + 1);
        };
    }

    private static ArrayNode map(JsonNode array, List<Component> comps, int from) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : array) {
            eval(element, comps, from).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<JsonNode> key(JsonNode node, Key key) {
        if (node.isObject()) {
            if (!key.wildcard()) {
                return Optional.ofNullable(node.get(key.literal()));
            }
            for (var field : node.properties()) {
                if (Glob.matches(key.pattern(), field.getKey())) {
                    return Optional.of(field.getValue());
                }
            }
            return Optional.empty();
        }
        if (node.isArray() && !key.wildcard() && isIndex(key.literal())) {
            try {
                int index = Integer.parseInt(key.literal());
                return index < node.size() ? Optional.of(node.get(index)) : Optional.empty();
            } catch (NumberFormatException tooBig) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** One dot-separated step of a path. */
    sealed interface Component permits Key, Hash, Query, Modifier {}

    /** An object key (or array index); {@code pattern} keeps escapes so wildcards can be literal. */
    record Key(String literal, List<Glob.Token> pattern, boolean wildcard) implements Component {}

    /** {@code #}: the array length at the end of a path, else a mapping over the elements. */
    record Hash() implements Component {}

    /** {@code #(path op value)} or, with {@code all}, {@code #(...)#}. */
    record Query(String path, String op, String value, boolean all) implements Component {

        boolean matches(JsonNode element) {
            Optional<JsonNode> found = path.isEmpty() ? Optional.of(element) : get(element, path);
            if (found.isEmpty()) {
                return false;
            }
            if (op.isEmpty()) {
                return true;
            }
            JsonNode v = found.get();
            if (v.isTextual()) {
                String s = v.textValue();
                int c = s.compareTo(value);
                return switch (op) {
                    case "==" -> c == 0;
                    case "!=" -> c != 0;
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    case "%" -> Glob.matches(Glob.compile(value), s);
                    case "!%" -> !Glob.matches(Glob.compile(value), s);
                    default -> false;
                };
            }
            if (v.isNumber()) {
                double n = v.asDouble();
                double want = parseFloatLikeGo(value);
                return switch (op) {
                    case "==" -> n == want;
                    case "!=" -> n != want;
                    case "<" -> n < want;
                    case "<=" -> n <= want;
                    case ">" -> n > want;
                    case ">=" -> n >= want;
                    default -> false;
                };
            }
            if (v.isBoolean()) {
                // GJSON's table for booleans: true sorts after false.
                boolean b = v.booleanValue();
                return switch (op) {
                    case "==" -> value.equals(b ? "true" : "false");
                    case "!=" -> !value.equals(b ? "true" : "false");
                    case ">" -> b && value.equals("false");
                    case ">=" -> b;
                    case "<" -> !b && value.equals("true");
                    case "<=" -> !b;
                    default -> false;
                };
            }
            return false;
        }

        /** Go's {@code strconv.ParseFloat} with its error ignored, as GJSON does: bad input is 0. */
        private static double parseFloatLikeGo(String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** {@code @name} or {@code @name:arg}. */
    record Modifier(String name, String arg) implements Component {

        static boolean known(String name) {
            return switch (name) {
                case "reverse", "keys", "values", "flatten", "this" -> true;
                default -> false;
            };
        }

        JsonNode apply(JsonNode node) {
            return switch (name) {
                case "this" -> node;
                case "reverse" -> reverse(node);
                case "keys" -> keys(node);
                case "values" -> values(node);
                case "flatten" -> flatten(node, deep());
                default -> throw new IllegalStateException("unknown modifier @" + name);
            };
        }

        private boolean deep() {
            if (arg.isEmpty()) {
                return false;
            }
            try {
                JsonNode parsed = mms.json.Json.mapper().readTree(arg);
                return parsed != null && parsed.path("deep").asBoolean(false);
            } catch (java.io.IOException e) {
                return false;
            }
        }

        private static JsonNode reverse(JsonNode node) {
            if (node.isArray()) {
                ArrayNode out = NODES.arrayNode();
                for (int i = node.size() - 1; i >= 0; i--) {
                    out.add(node.get(i));
                }
                return out;
            }
            if (node.isObject()) {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
                ObjectNode out = NODES.objectNode();
                for (int i = fields.size() - 1; i >= 0; i--) {
                    out.set(fields.get(i).getKey(), fields.get(i).getValue());
                }
                return out;
            }
            return node;
        }

        private static JsonNode keys(JsonNode node) {
            ArrayNode out = NODES.arrayNode();
            if (node.isObject()) {
                node.fieldNames().forEachRemaining(k -> out.add(TextNode.valueOf(k)));
            } else if (node.isArray()) {
                node.forEach(e -> out.add(NullNode.getInstance()));
            } else {
                // GJSON iterates a scalar once, with an empty key.
                out.add(NullNode.getInstance());
            }
            return out;
        }

        private static JsonNode values(JsonNode node) {
            if (node.isArray()) {
                return node;
            }
            ArrayNode out = NODES.arrayNode();
            if (node.isObject()) {
                node.forEach(out::add);
            } else {
                out.add(node);
            }
            return out;
        }

        private static JsonNode flatten(JsonNode node, boolean deep) {
            if (!node.isArray()) {
                return node;
            }
            ArrayNode out = NODES.arrayNode();
            for (JsonNode element : node) {
                if (element.isArray()) {
                    (deep ? flatten(element, true) : element).forEach(out::add);
                } else {
                    out.add(element);
                }
            }
            return out;
        }
    }
}

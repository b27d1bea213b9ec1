package mms.spec.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import mms.json.Json;
import mms.template.GoFmt;

/**
 * Matcher values and expr-lang's run-time rules for them. Values are {@code null} (nil),
 * {@link Boolean}, {@link Long} (Go int), {@link Double} (float64), {@link String}, {@link List}
 * and {@link Map}; numbers from facts and JSON are doubles, as GJSON and Go's JSON decoder give
 * them. Lists and maps are never changed once built.
 */
final class Values {

    /**
     * How deeply nested a value may be for the operations that walk it (equality, {@code flatten},
     * {@code max}, {@code toJSON}, {@code string}, ...). expr-lang stops at 10,000; a Java thread's
     * stack is smaller than a goroutine's, so matchers stop at 1,000.
     */
    static final int MAX_NESTING = 1_000;

    private static final ObjectReader JSON_READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Values() {}

    /** A map whose keys may be of any type ({@code groupBy}, {@code fromPairs}); other maps have string keys. */
    static final class AnyKeyedMap extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    static boolean stringKeyed(Map<?, ?> map) {
        return !(map instanceof AnyKeyedMap);
    }

    /** The integers {@code from..to}, without storing them. */
    static List<Object> range(long from, long to) {
        long size = to - from + 1;
        return new Range(from, (int) Math.max(0, Math.min(size, Integer.MAX_VALUE)));
    }

    static final class Range extends AbstractList<Object> implements RandomAccess {
        private final long from;
        private final int size;

        Range(long from, int size) {
            this.from = from;
            this.size = size;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return from + index;
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** An unmodifiable view of {@code elements}, which may hold nulls; the caller must not keep it. */
    static List<Object> list(List<Object> elements) {
        return Collections.unmodifiableList(elements);
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    static void checkNesting(int depth) {
        if (depth > MAX_NESTING) {
            throw new Failure("recursion depth exceeded: values nested more than " + MAX_NESTING + " levels deep");
        }
    }

    /**
     * expr-lang's {@code ==}: numbers by value across int and float, arrays element by element
     * with the same rule, maps deeply with Go's {@code reflect.DeepEqual} (no conversion between
     * int and float there), nil only equal to nil.
     */
    static boolean equal(Object a, Object b, Budget budget) {
        return equal(a, b, budget, 0);
    }

    private static boolean equal(Object a, Object b, Budget budget, int depth) {
        checkNesting(depth);
        budget.work(a instanceof String s ? 1 + s.length() : 1);
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                return x.longValue() == y.longValue();
            }
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i), budget, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return deepEqual(a, b, budget, depth);
    }

    private static boolean deepEqual(Object a, Object b, Budget budget, int depth) {
        checkNesting(depth);
        budget.work(a instanceof String s ? 1 + s.length() : 1);
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEqual(x.get(i), y.get(i), budget, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (stringKeyed(x) != stringKeyed(y) || x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEqual(e.getValue(), y.get(e.getKey()), budget, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * expr-lang's ordering ({@code <}, {@code sort}): numbers by value, strings by bytes.
     *
     * @throws Failure for anything else, naming {@code op}
     */
    static int compare(Object a, Object b, String op) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (isNumber(a) && isNumber(b)) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (a instanceof String x && b instanceof String y) {
            return GoText.compare(x, y);
        }
        throw mismatched(op, a, b);
    }

    static Failure mismatched(String op, Object a, Object b) {
        return new Failure("invalid operation: " + op + " (mismatched types " + Type.nameOf(a) + " and "
                + Type.nameOf(b) + ")");
    }

    /** Go's {@code +}, {@code -}, {@code *}, {@code /}, {@code %} and {@code **} on matcher values. */
    static Object arithmetic(String op, Object l, Object r) {
        if (op.equals("+") && l instanceof String x && r instanceof String y) {
            return x + y;
        }
        if (!isNumber(l) || !isNumber(r)) {
            throw mismatched(op, l, r);
        }
        if (l instanceof Long x && r instanceof Long y) {
            switch (op) {
                case "+" -> { return x + y; }
                case "-" -> { return x - y; }
                case "*" -> { return x * y; }
                case "%" -> {
                    if (y == 0) {
                        throw new Failure("integer divide by zero");
                    }
                    return x % y;
                }
                default -> { }
            }
        }
        if (op.equals("%")) {
            throw mismatched(op, l, r);
        }
        double x = ((Number) l).doubleValue();
        double y = ((Number) r).doubleValue();
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / y;
            case "**" -> pow(x, y);
            default -> throw new IllegalArgumentException("not an arithmetic operator: " + op);
        };
    }

    /** Go's {@code math.Pow}, which differs from Java's for a base of ±1 and an infinite or NaN exponent. */
    static double pow(double x, double y) {
        if (x == 1 || (x == -1 && Double.isInfinite(y))) {
            return 1;
        }
        return Math.pow(x, y);
    }

    /** expr-lang's {@code runtime.ToInt}: an int, or a float truncated. */
    static long toInt(Object v) {
        return switch (v) {
            case Long l -> l;
            case Double d -> (long) d.doubleValue();
            case null, default -> throw new Failure("invalid operation: int(" + Type.nameOf(v) + ")");
        };
    }

    /** The {@code type()} built-in. */
    static String typeOf(Object v) {
        return switch (v) {
            case null -> "nil";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case String s -> "string";
            case List<?> l -> "array";
            case Map<?, ?> m -> "map";
            default -> "unknown";
        };
    }

    /**
     * A JSON value as a matcher value: numbers become doubles, as GJSON and Go's JSON decoder
     * return them. Each node costs one step.
     */
    static Object fromJson(JsonNode node, Budget budget) {
        return fromJson(node, budget, 0);
    }

    private static Object fromJson(JsonNode node, Budget budget, int depth) {
        checkNesting(depth);
        budget.work(1);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                out.add(fromJson(element, budget, depth + 1));
            }
            return list(out);
        }
        if (node.isObject()) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), fromJson(e.getValue(), budget, depth + 1));
            }
            return out;
        }
        return node.asText();
    }

    /** {@code fromJSON}: Go's {@code json.Unmarshal} into {@code interface{}}. */
    static Object parseJson(String text, Budget budget) {
        JsonNode node;
        try {
            node = JSON_READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Failure("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new Failure("invalid JSON: unexpected end of JSON input");
        }
        checkFloats(node);
        return fromJson(node, budget);
    }

    /** Go refuses numbers a float64 cannot hold: {@code cannot unmarshal number 5e2482 into ... float64}. */
    private static void checkFloats(JsonNode node) {
        if (node.isNumber() && Double.isInfinite(node.doubleValue())) {
            throw new Failure("json: cannot unmarshal number " + node.asText() + " into Go value of type float64");
        }
        node.forEach(Values::checkFloats);
    }

    /** {@code toJSON}: Go's {@code json.MarshalIndent(v, "", "  ")}. */
    static String toJson(Object v) {
        StringBuilder out = new StringBuilder();
        writeJson(out, v, "", 0);
        return out.toString();
    }

    private static void writeJson(StringBuilder out, Object v, String indent, int depth) {
        checkNesting(depth);
        switch (v) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(jsonFloat(d));
            case String s -> out.append(Json.write(s));
            case List<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                String inner = indent + "  ";
                out.append("[\n");
                for (int i = 0; i < list.size(); i++) {
                    out.append(i > 0 ? ",\n" : "").append(inner);
                    writeJson(out, list.get(i), inner, depth + 1);
                }
                out.append('\n').append(indent).append(']');
            }
            case Map<?, ?> map -> {
                if (!stringKeyed(map)) {
                    throw new Failure("json: unsupported type: " + Type.nameOf(map));
                }
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                List<String> keys = new ArrayList<>();
                map.keySet().forEach(k -> keys.add((String) k));
                keys.sort(GoText::compare);
                String inner = indent + "  ";
                out.append("{\n");
                for (int i = 0; i < keys.size(); i++) {
                    out.append(i > 0 ? ",\n" : "").append(inner).append(Json.write(keys.get(i))).append(": ");
                    writeJson(out, map.get(keys.get(i)), inner, depth + 1);
                }
                out.append('\n').append(indent).append('}');
            }
            default -> throw new Failure("json: unsupported type: " + Type.nameOf(v));
        }
    }

    /** Go's encoding/json float64: shortest digits, plain between 1e-6 and 1e21, else {@code 1e+21}, {@code 1e-7}. */
    static String jsonFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Failure("json: unsupported value: " + GoFmt.value(d));
        }
        double abs = Math.abs(d);
        String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : "";
        if (abs == 0) {
            return sign + "0";
        }
        BigDecimal digits = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
        if (abs >= 1e-6 && abs < 1e21) {
            return sign + digits.toPlainString();
        }
        String unscaled = digits.unscaledValue().toString();
        int exponent = unscaled.length() - 1 - digits.scale();
        String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
        String exp = Integer.toString(Math.abs(exponent));
        if (exponent >= 0 && exp.length() < 2) {
            exp = "0" + exp;
        }
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    /**
     * {@code string()}: Go's {@code fmt.Sprint}, e.g. {@code [1 2.5 a]}, {@code map[a:1 b:<nil>]}
     * (map keys sorted), {@code 1e+06}.
     */
    static String format(Object v) {
        StringBuilder out = new StringBuilder();
        format(out, v, 0);
        return out.toString();
    }

    private static void format(StringBuilder out, Object v, int depth) {
        checkNesting(depth);
        switch (v) {
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i > 0 ? " " : "");
                    format(out, list.get(i), depth + 1);
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                List<Object> keys = new ArrayList<>(map.keySet());
                keys.sort(KEY_ORDER);
                out.append("map[");
                for (int i = 0; i < keys.size(); i++) {
                    out.append(i > 0 ? " " : "");
                    format(out, keys.get(i), depth + 1);
                    out.append(':');
                    format(out, map.get(keys.get(i)), depth + 1);
                }
                out.append(']');
            }
            case null, default -> out.append(GoFmt.value(v));
        }
    }

    /** Go's {@code fmtsort} for the keys matchers build: nil first, then by type, then by value. */
    private static final Comparator<Object> KEY_ORDER = (a, b) -> {
        int byType = Integer.compare(rank(a), rank(b));
        if (byType != 0) {
            return byType;
        }
        return switch (a) {
            case null -> 0;
            case Boolean x -> Boolean.compare(x, (Boolean) b);
            case Long x -> Long.compare(x, (Long) b);
            case Double x -> Double.compare(x, (Double) b);
            case String x -> GoText.compare(x, (String) b);
            default -> 0;
        };
    };

    private static int rank(Object key) {
        return switch (key) {
            case null -> 0;
            case Boolean b -> 1;
            case Long l -> 2;
            case Double d -> 3;
            case String s -> 4;
            default -> 5;
        };
    }
}

package mms.spec.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
/**
 * Evaluates a checked tree against one environment. Values: Boolean, Long, Double, String, null,
 * List, Map. Every failure, including a regular expression that only turns out to be invalid at
 * run time, is a {@link MatcherException}: never a silent {@code false}, which would make a
 * machine look unwanted.
 */
final class Evaluator {

    private final String src;
    private final MatchEnvironment env;
    private final Map<String, Pattern> patterns;

    Evaluator(String src, MatchEnvironment env, Map<String, Pattern> patterns) {
        this.src = src;
        this.env = env;
        this.patterns = patterns;
    }

    private MatcherException error(String reason, Node node) {
        return MatcherException.at(reason, src, node.pos());
    }

    Object eval(Node node) throws MatcherException {
        return switch (node) {
            case Node.Literal l -> l.value();
            case Node.ArrayLiteral a -> {
                List<Object> out = new ArrayList<>();
                for (Node e : a.elements()) {
                    out.add(eval(e));
                }
                yield out;
            }
            case Node.MapLiteral m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < m.keys().size(); i++) {
                    out.put(m.keys().get(i), eval(m.values().get(i)));
                }
                yield out;
            }
            case Node.Identifier id -> variable(id);
            case Node.Call call -> call(call);
            case Node.Unary u -> unary(u);
            case Node.Logical l -> logical(l);
            case Node.Binary b -> binary(b);
            case Node.Conditional c -> {
                Object condition = eval(c.condition());
                if (!(condition instanceof Boolean flag)) {
                    throw error("non-bool expression (type " + Type.nameOf(condition) + ") used as condition", c.condition());
                }
                yield flag ? eval(c.whenTrue()) : eval(c.whenFalse());
            }
            case Node.Member m -> member(m);
        };
    }

    /** A variable the checker allowed: the environment's identity, data or facts. */
    private Object variable(Node.Identifier id) throws MatcherException {
        Dialect.Variable variable = Dialect.Variable.named(id.name());
        if (variable == null) {
            throw error("unknown name " + id.name(), id);
        }
        return switch (variable) {
            case IDENTITY -> env.identity();
            case DATA -> object(env.data());
            case FACTS -> object(env.facts());
        };
    }

    /** An object document as a map; an absent or non-object document is an empty map. */
    private static Object object(JsonNode node) {
        return node != null && node.isObject() ? value(node) : Map.of();
    }

    private Object member(Node.Member m) throws MatcherException {
        Object object = eval(m.object());
        Object property = eval(m.property());
        switch (object) {
            case null -> {
                if (m.optional()) {
                    return null;
                }
                throw error("cannot fetch " + property + " from <nil>", m);
            }
            case Map<?, ?> map -> {
                return property instanceof String ? map.get(property) : null;
            }
            case List<?> list -> {
                if (!(property instanceof Long index)) {
                    throw error("array elements can only be selected using an integer (got " + Type.nameOf(property) + ")", m.property());
                }
                long i = index < 0 ? index + list.size() : index;
                if (i < 0 || i >= list.size()) {
                    throw error("index out of range: " + index + " (array length " + list.size() + ")", m.property());
                }
                return list.get((int) i);
            }
            default -> throw error("cannot fetch " + property + " from " + Type.nameOf(object), m);
        }
    }

    private Object call(Node.Call call) throws MatcherException {
        Object arg = eval(call.args().getFirst());
        if (!(arg instanceof String text)) {
            throw error("cannot use " + Type.nameOf(arg) + " as argument (type string) to call " + call.name(), call.args().getFirst());
        }
        Dialect.Function f = Objects.requireNonNull(Dialect.Function.named(call.name()));
        return switch (f) {
            case IDENTITY -> pattern(text, call.args().getFirst()).matcher(env.identity()).find();
            case HAS_FILE -> path(text).map(env.files()::exists).orElse(false);
            case HAS_DIRECTORY -> path(text).map(env.files()::isDirectory).orElse(false);
            case HAS_COMMAND -> hasCommand(text);
            case GET_FACT -> env.factLookup().lookup(env.facts(), text).map(Evaluator::value).orElse(null);
        };
    }

    /** Go's {@code exec.LookPath} on Unix, reduced to found/not found; see formats.md §3.3. */
    private boolean hasCommand(String name) {
        if (name.isEmpty()) {
            return false;
        }
        if (name.contains("/")) {
            return path(name).map(env.files()::isExecutable).orElse(false);
        }
        for (Path dir : env.path()) {
            Path candidate;
            try {
                candidate = dir.resolve(name);
            } catch (InvalidPathException e) {
                continue;
            }
            if (env.files().isExecutable(candidate)) {
                // Go refuses a match found through a relative PATH entry (exec.ErrDot).
                return candidate.isAbsolute();
            }
        }
        return false;
    }

    private static Optional<Path> path(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The compiled {@code re}; an invalid one is an error at {@code operand}, the node that produced it. */
    private Pattern pattern(String re, Node operand) throws MatcherException {
        Pattern cached = patterns.get(re);
        if (cached != null) {
            return cached;
        }
        Pattern compiled = Regexes.compile(re, src, operand.pos());
        if (patterns.size() < 64) {
            patterns.put(re, compiled);
        }
        return compiled;
    }

    /** JSON to matcher values; numbers become doubles, as GJSON returns them. */
    static Object value(JsonNode node) {
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
            List<Object> out = new ArrayList<>();
            node.forEach(e -> out.add(value(e)));
            return out;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
            return out;
        }
        return node.asText();
    }

    private Object unary(Node.Unary u) throws MatcherException {
        Object v = eval(u.operand());
        return switch (u.op()) {
            case "!" -> {
                if (!(v instanceof Boolean b)) {
                    throw error("invalid operation: ! (mismatched type " + Type.nameOf(v) + ")", u);
                }
                yield !b;
            }
            case "-" -> switch (v) {
                case Long l -> -l;
                case Double d -> -d;
                default -> throw error("invalid operation: - (mismatched type " + Type.nameOf(v) + ")", u);
            };
            default -> {
                if (!(v instanceof Long) && !(v instanceof Double)) {
                    throw error("invalid operation: + (mismatched type " + Type.nameOf(v) + ")", u);
                }
                yield v;
            }
        };
    }

    /** Left to right with short-circuit, failing where the equivalent nested binary operator would. */
    private boolean logical(Node.Logical chain) throws MatcherException {
        boolean and = chain.op().equals("&&");
        boolean value = bool(eval(chain.operands().getFirst()), chain, 0);
        for (int i = 1; i < chain.operands().size() && value == and; i++) {
            value = bool(eval(chain.operands().get(i)), chain, i - 1);
        }
        return value;
    }

    private Object binary(Node.Binary b) throws MatcherException {
        switch (b.op()) {
            case "??" -> {
                Object left = eval(b.left());
                return left != null ? left : eval(b.right());
            }
            default -> {
                return strict(b, eval(b.left()), eval(b.right()));
            }
        }
    }

    private boolean bool(Object v, Node.Logical chain, int operator) throws MatcherException {
        if (v instanceof Boolean flag) {
            return flag;
        }
        throw MatcherException.at("invalid operation: " + chain.op() + " (mismatched type " + Type.nameOf(v) + ")",
                src, chain.operators().get(operator));
    }

    private Object strict(Node.Binary b, Object l, Object r) throws MatcherException {
        switch (b.op()) {
            case "==" -> {
                return equal(l, r);
            }
            case "!=" -> {
                return !equal(l, r);
            }
            case "<", ">", "<=", ">=" -> {
                int c;
                if (isNumber(l) && isNumber(r)) {
                    c = compareNumbers(l, r);
                } else if (l instanceof String ls && r instanceof String rs) {
                    c = ls.compareTo(rs);
                } else {
                    throw mismatched(b, l, r);
                }
                return switch (b.op()) {
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
            }
            case "in" -> {
                return switch (r) {
                    case List<?> list -> {
                        for (Object e : list) {
                            if (equal(l, e)) {
                                yield true;
                            }
                        }
                        yield false;
                    }
                    case Map<?, ?> map -> l instanceof String && map.containsKey(l);
                    case null, default -> throw error("operator in not defined on " + Type.nameOf(r), b);
                };
            }
            case "matches", "contains", "startsWith", "endsWith" -> {
                if (!(l instanceof String ls) || !(r instanceof String rs)) {
                    throw mismatched(b, l, r);
                }
                return switch (b.op()) {
                    case "matches" -> pattern(rs, b.right()).matcher(ls).find();
                    case "contains" -> ls.contains(rs);
                    case "startsWith" -> ls.startsWith(rs);
                    default -> ls.endsWith(rs);
                };
            }
            case "+" -> {
                if (l instanceof String ls && r instanceof String rs) {
                    return ls + rs;
                }
                return arithmetic(b, l, r);
            }
            default -> {
                return arithmetic(b, l, r);
            }
        }
    }

    private Object arithmetic(Node.Binary b, Object l, Object r) throws MatcherException {
        if (!isNumber(l) || !isNumber(r)) {
            throw mismatched(b, l, r);
        }
        if (l instanceof Long x && r instanceof Long y) {
            switch (b.op()) {
                case "+" -> { return x + y; }
                case "-" -> { return x - y; }
                case "*" -> { return x * y; }
                case "%" -> {
                    if (y == 0) {
                        throw error("integer divide by zero", b);
                    }
                    return x % y;
                }
                default -> { }
            }
        }
        if (b.op().equals("%")) {
            throw mismatched(b, l, r);
        }
        double x = ((Number) l).doubleValue();
        double y = ((Number) r).doubleValue();
        return switch (b.op()) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / y;
            default -> Math.pow(x, y);
        };
    }

    private MatcherException mismatched(Node.Binary b, Object l, Object r) {
        return error("invalid operation: " + b.op() + " (mismatched types " + Type.nameOf(l) + " and " + Type.nameOf(r) + ")", b);
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    private static int compareNumbers(Object l, Object r) {
        if (l instanceof Long x && r instanceof Long y) {
            return Long.compare(x, y);
        }
        return Double.compare(((Number) l).doubleValue(), ((Number) r).doubleValue());
    }

    /** expr-lang equality: numbers compare by value across int and float, everything else deeply. */
    static boolean equal(Object l, Object r) {
        if (isNumber(l) && isNumber(r)) {
            return ((Number) l).doubleValue() == ((Number) r).doubleValue()
                    && (!(l instanceof Long x) || !(r instanceof Long y) || x.longValue() == y.longValue());
        }
        if (l instanceof List<?> a && r instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(l, r);
    }
}

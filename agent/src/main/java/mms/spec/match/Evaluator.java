package mms.spec.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import mms.json.Json;

/**
 * Evaluates a checked tree against one environment, with expr-lang's run-time semantics (see
 * {@link Values} for the values). Every failure, including a regular expression that only turns
 * out to be invalid at run time, is a {@link MatcherException}: never a silent {@code false},
 * which would make a machine look unwanted. One evaluator runs one evaluation: it holds the
 * {@link Budget}, the variables of {@code let}, the elements predicates are at, and the answers of
 * {@code get_fact}, of the file system probes and the environment's variables ({@code data},
 * {@code facts}), which are asked once per evaluation.
 */
final class Evaluator {

    /** What a member access gives when an optional access ({@code ?.}) found nil: the chain ends as nil. */
    private static final Object SKIP = new Object();

    private record Variable(String name, Object value) {}

    /** The element a predicate is at. */
    private static final class Iteration {
        Object item;
        long index;
        Object acc;
    }

    private final String src;
    private final MatchEnvironment env;
    private final Map<String, Pattern> patterns;
    private final Budget budget;
    private final Map<String, Object> facts = new HashMap<>();
    /** What {@code lookup} searches, made on its first call. */
    private JsonNode lookupDocument;
    private final Map<String, Boolean> probes = new HashMap<>();
    private final Deque<Variable> variables = new ArrayDeque<>();
    /** The environment's variables, converted once per evaluation (each conversion costs budget). */
    private final Map<Dialect.Variable, Object> environmentValues = new EnumMap<>(Dialect.Variable.class);
    private final Deque<Iteration> iterations = new ArrayDeque<>();

    Evaluator(String src, MatchEnvironment env, Map<String, Pattern> patterns) {
        this(src, env, patterns, new Budget());
    }

    Evaluator(String src, MatchEnvironment env, Map<String, Pattern> patterns, Budget budget) {
        this.src = src;
        this.env = env;
        this.patterns = patterns;
        this.budget = budget;
    }

    private MatcherException error(String reason, Node node) {
        return MatcherException.at(reason, src, node.pos());
    }

    Object eval(Node node) throws MatcherException {
        try {
            budget.work(1);
            return switch (node) {
                case Node.Literal l -> l.value();
                case Node.ArrayLiteral a -> {
                    budget.allocate(a.elements().size());
                    List<Object> out = new ArrayList<>(a.elements().size());
                    for (Node e : a.elements()) {
                        out.add(eval(e));
                    }
                    yield Values.list(out);
                }
                case Node.MapLiteral m -> map(m);
                case Node.Identifier id -> variable(id);
                case Node.Pointer p -> pointer(p);
                case Node.Predicate p -> throw error("a predicate can only be an argument of a built-in", p);
                case Node.Call call -> call(call);
                case Node.MethodCall call -> {
                    Object object = eval(call.object());
                    if (object == SKIP) {
                        yield SKIP;
                    }
                    throw error("cannot call method " + call.name() + " of " + Type.nameOf(object), call);
                }
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
                case Node.Chain c -> {
                    Object value = eval(c.inner());
                    yield value == SKIP ? null : value;
                }
                case Node.Slice s -> slice(s);
                case Node.Sequence s -> {
                    Object last = null;
                    for (Node n : s.nodes()) {
                        last = eval(n);
                    }
                    yield last;
                }
                case Node.Let l -> {
                    Object value = eval(l.value());
                    variables.push(new Variable(l.name(), value));
                    try {
                        yield eval(l.body());
                    } finally {
                        variables.pop();
                    }
                }
            };
        } catch (Failure f) {
            throw error(f.getMessage(), node);
        }
    }

    private Object map(Node.MapLiteral m) throws MatcherException {
        budget.allocate(m.keys().size());
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < m.keys().size(); i++) {
            Object key = eval(m.keys().get(i));
            if (!(key instanceof String)) {
                throw error("a map key must be a string (got " + Type.nameOf(key) + ")", m.keys().get(i));
            }
            out.put(key, eval(m.values().get(i)));
        }
        return out;
    }

    /** A variable of {@code let} first, then one of the environment, as the checker resolved it. */
    private Object variable(Node.Identifier id) throws MatcherException {
        for (Variable v : variables) {
            if (v.name().equals(id.name())) {
                return v.value();
            }
        }
        Dialect.Variable variable = Dialect.Variable.named(id.name());
        if (variable == null) {
            throw error("unknown name " + id.name(), id);
        }
        return environmentValues.computeIfAbsent(variable, this::environmentValue);
    }

    /** The environment's identity, data or facts; an absent or non-object document is an empty map. */
    private Object environmentValue(Dialect.Variable variable) {
        return switch (variable) {
            case IDENTITY -> env.identity();
            case DATA -> object(env.data());
            case FACTS -> object(env.facts());
        };
    }

    private Object object(JsonNode node) {
        return node != null && node.isObject() ? Values.fromJson(node, budget) : new LinkedHashMap<>();
    }

    private Object pointer(Node.Pointer p) throws MatcherException {
        Iteration at = iterations.peek();
        if (at == null) {
            throw error("cannot use pointer accessor outside predicate", p);
        }
        return switch (p.name()) {
            case "" -> at.item;
            case "index" -> at.index;
            case "acc" -> at.acc;
            default -> throw error("unknown pointer #" + p.name(), p);
        };
    }

    private Object member(Node.Member m) throws MatcherException {
        Object object = eval(m.object());
        if (object == SKIP || (object == null && m.optional())) {
            return SKIP;
        }
        Object property = eval(m.property());
        switch (object) {
            case null -> throw error("cannot fetch " + Values.format(property) + " from <nil>", m);
            case Map<?, ?> map -> {
                return lookup(map, property, m.property());
            }
            case List<?> list -> {
                if (!Values.isNumber(property)) {
                    throw error("array elements can only be selected using an integer (got " + Type.nameOf(property) + ")",
                            m.property());
                }
                return list.get(index(Values.toInt(property), list.size(), m));
            }
            case String s -> {
                byte[] bytes = GoText.utf8(s);
                return (long) (bytes[index(Values.toInt(property), bytes.length, m)] & 0xff);
            }
            default -> throw error("cannot fetch " + Values.format(property) + " from " + Type.nameOf(object), m);
        }
    }

    /** {@code map[key]}: nil when absent; a nil key looks up the zero key {@code ""}, as Go's reflection does. */
    private Object lookup(Map<?, ?> map, Object key, Node at) throws MatcherException {
        if (!Values.stringKeyed(map)) {
            return map.get(key);
        }
        if (key == null) {
            return map.get("");
        }
        if (key instanceof String) {
            return map.get(key);
        }
        throw error("cannot use " + Type.nameOf(key) + " to get an element from " + Type.nameOf(map), at);
    }

    /** A Go index into {@code size} elements, negative from the end. */
    private int index(long index, int size, Node at) throws MatcherException {
        long i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw error("index out of range: " + i + " (array length is " + size + ")", at);
        }
        return (int) i;
    }

    private Object slice(Node.Slice s) throws MatcherException {
        Object object = eval(s.object());
        Object to = s.to() == null ? null : eval(s.to());
        Object from = s.from() == null ? null : eval(s.from());
        int length = switch (object) {
            case List<?> list -> list.size();
            case String text -> GoText.utf8(text).length;
            case null, default -> throw error("cannot slice " + Type.nameOf(object), s);
        };
        long a = from == null ? 0 : Values.toInt(from);
        long b = to == null ? length : Values.toInt(to);
        a = Math.max(0, a < 0 ? a + length : a);
        b = Math.min(length, Math.max(0, b < 0 ? b + length : b));
        a = Math.min(a, b);
        if (object instanceof List<?> list) {
            return list.subList((int) a, (int) b);
        }
        byte[] bytes = GoText.utf8((String) object);
        budget.allocate(b - a);
        return new String(Arrays.copyOfRange(bytes, (int) a, (int) b), StandardCharsets.UTF_8);
    }

    private Object call(Node.Call call) throws MatcherException {
        Dialect.Function f = Dialect.Function.named(call.name());
        if (f != null) {
            return function(f, call);
        }
        Builtin builtin = Builtin.named(call.name()).orElseThrow(() -> error("unknown name " + call.name(), call));
        if (builtin.takesPredicate()) {
            return predicate(builtin, call);
        }
        List<Object> args = new ArrayList<>(call.args().size());
        for (Node arg : call.args()) {
            args.add(eval(arg));
        }
        try {
            return builtin == Builtin.GET ? get(args) : builtin.apply(args, budget);
        } catch (Failure e) {
            throw MatcherException.at(e.getMessage(), src, e.argument >= 0 ? call.args().get(e.argument).pos() : call.pos());
        }
    }

    /**
     * {@code get(v, i)}: the element, or nil when there is none; a nil argument is the zero value
     * of Go's parameter type, as when the original calls its functions.
     */
    private Object get(List<Object> args) {
        Object from = args.get(0);
        Object i = args.get(1);
        return switch (from) {
            case null -> null;
            case List<?> list -> {
                long index = Values.toInt(i);
                long at = index < 0 ? index + list.size() : index;
                yield at >= 0 && at < list.size() ? list.get((int) at) : null;
            }
            case String s -> {
                byte[] bytes = GoText.utf8(s);
                long index = Values.toInt(i);
                long at = index < 0 ? index + bytes.length : index;
                yield at >= 0 && at < bytes.length ? (Object) (long) (bytes[(int) at] & 0xff) : null;
            }
            case Map<?, ?> map -> {
                if (Values.stringKeyed(map) && i != null && !(i instanceof String)) {
                    throw new Failure("cannot use " + Type.nameOf(i) + " to get an element from " + Type.nameOf(map), 1);
                }
                yield map.get(Values.stringKeyed(map) && i == null ? "" : i);
            }
            default -> null;
        };
    }

    /** A function of the environment: its one argument is a string, nil passing as Go's zero string. */
    private Object function(Dialect.Function f, Node.Call call) throws MatcherException {
        Node argNode = call.args().getFirst();
        Object arg = eval(argNode);
        if (arg != null && !(arg instanceof String)) {
            throw error("cannot use " + Type.nameOf(arg) + " as argument (type string) to call " + call.name(), argNode);
        }
        String text = arg == null ? "" : (String) arg;
        return switch (f) {
            case IDENTITY -> {
                budget.work(env.identity().length());
                yield pattern(text, argNode).matcher(env.identity()).find();
            }
            case HAS_FILE -> probe(f, text, () -> path(text).map(env.files()::exists).orElse(false));
            case HAS_DIRECTORY -> probe(f, text, () -> path(text).map(env.files()::isDirectory).orElse(false));
            case HAS_COMMAND -> probe(f, text, () -> hasCommand(text));
            case GET_FACT -> fact(text, argNode);
            case LOOKUP -> lookup(text, call.args().size() > 1 ? Optional.of(call.args().get(1)) : Optional.empty(), argNode);
        };
    }

    /**
     * {@code lookup(path[, default])} as the original's CCM templates: a GJSON path into
     * {@code {"facts": …, "data": null, "environ": null}}; whole numbers written without a
     * {@code .} are integers, other values as {@code get_fact} gives them; a missing value is the
     * default, else the empty string.
     */
    private Object lookup(String path, Optional<Node> fallback, Node at) throws MatcherException {
        if (lookupDocument == null) {
            ObjectNode document = Json.object();
            document.set("facts", env.facts().isMissingNode() ? NullNode.getInstance() : env.facts());
            document.putNull("data");
            document.putNull("environ");
            lookupDocument = document;
        }
        Optional<JsonNode> found;
        try {
            found = env.factLookup().lookup(lookupDocument, path);
        } catch (IllegalArgumentException e) {
            throw error("invalid lookup path " + Checker.quote(path) + ": " + e.getMessage(), at);
        }
        if (found.isEmpty() || found.get().isMissingNode()) {
            Object otherwise = fallback.isPresent() ? eval(fallback.get()) : null;
            return otherwise == null ? "" : otherwise; // a nil default is no default, as in the original
        }
        JsonNode value = found.get();
        return value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue()
                : Values.fromJson(value, budget);
    }

    private boolean probe(Dialect.Function f, String text, BooleanSupplier answer) {
        String key = f.wireName + "\0" + text;
        Boolean known = probes.get(key);
        if (known == null) {
            budget.work(Budget.PROBE_STEPS);
            known = answer.getAsBoolean();
            probes.put(key, known);
        }
        return known;
    }

    private Object fact(String query, Node at) throws MatcherException {
        if (facts.containsKey(query)) {
            return facts.get(query);
        }
        Optional<JsonNode> found;
        try {
            found = env.factLookup().lookup(env.facts(), query);
        } catch (IllegalArgumentException e) {
            throw error("invalid get_fact query " + Checker.quote(query) + ": " + e.getMessage(), at);
        }
        Object value = found.map(node -> Values.fromJson(node, budget)).orElse(null);
        facts.put(query, value);
        return value;
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
        budget.work(re.length());
        Pattern compiled = Regexes.compile(re, src, operand.pos());
        if (patterns.size() < 64) {
            patterns.put(re, compiled);
        }
        return compiled;
    }

    // ---------------------------------------------------------------- predicates

    private Object predicate(Builtin builtin, Node.Call call) throws MatcherException {
        Node collectionNode = call.args().getFirst();
        if (builtin == Builtin.SUM && call.args().size() == 1 && collectionNode instanceof Node.Binary range
                && range.op().equals("..")) {
            Optional<long[]> bounds = literalRange(range);
            if (bounds.isPresent()) {
                long m = bounds.get()[0];
                long n = bounds.get()[1];
                // expr-lang computes sum(m..n) at compile time: no range is built
                return n >= m ? (n - m + 1) * (m + n) / 2 : 0L;
            }
        }
        Object collection = eval(collectionNode);
        if (!(collection instanceof List<?> list)) {
            throw error("builtin " + call.name() + " takes only array (got " + Type.nameOf(collection) + ")", collectionNode);
        }
        Node.Predicate predicate = call.args().size() > 1 ? (Node.Predicate) call.args().get(1) : null;
        Iteration at = new Iteration();
        iterations.push(at);
        try {
            return switch (builtin) {
                case ALL -> {
                    for (int i = 0; i < list.size(); i++) {
                        if (!test(at, list, i, predicate, call)) {
                            yield false;
                        }
                    }
                    yield true;
                }
                case ANY, NONE -> {
                    for (int i = 0; i < list.size(); i++) {
                        if (test(at, list, i, predicate, call)) {
                            yield builtin == Builtin.ANY;
                        }
                    }
                    yield builtin == Builtin.NONE;
                }
                case ONE, COUNT -> {
                    long count = 0;
                    for (int i = 0; i < list.size(); i++) {
                        if (test(at, list, i, predicate, call)) {
                            count++;
                        }
                    }
                    yield builtin == Builtin.ONE ? (Object) (count == 1) : (Object) count;
                }
                case FILTER -> {
                    List<Object> out = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        if (test(at, list, i, predicate, call)) {
                            out.add(list.get(i));
                        }
                    }
                    budget.allocate(out.size());
                    yield Values.list(out);
                }
                case MAP -> {
                    List<Object> out = new ArrayList<>(list.size());
                    for (int i = 0; i < list.size(); i++) {
                        out.add(apply(at, list, i, predicate));
                    }
                    budget.allocate(out.size());
                    yield Values.list(out);
                }
                case SUM -> sum(at, list, predicate, call);
                case FIND, FIND_INDEX -> {
                    for (int i = 0; i < list.size(); i++) {
                        if (test(at, list, i, predicate, call)) {
                            yield builtin == Builtin.FIND ? list.get(i) : (Object) (long) i;
                        }
                    }
                    yield null;
                }
                case FIND_LAST, FIND_LAST_INDEX -> {
                    for (int i = list.size() - 1; i >= 0; i--) {
                        if (test(at, list, i, predicate, call)) {
                            yield builtin == Builtin.FIND_LAST ? list.get(i) : (Object) (long) i;
                        }
                    }
                    yield null;
                }
                case GROUP_BY -> {
                    Map<Object, List<Object>> groups = new LinkedHashMap<>();
                    for (int i = 0; i < list.size(); i++) {
                        Object key = apply(at, list, i, predicate);
                        try {
                            groups.computeIfAbsent(Builtin.hashable(key), k -> new ArrayList<>()).add(list.get(i));
                        } catch (Failure f) {
                            throw error(f.getMessage(), predicate);
                        }
                    }
                    budget.allocate(list.size());
                    Values.AnyKeyedMap out = new Values.AnyKeyedMap();
                    groups.forEach((k, v) -> out.put(k, Values.list(v)));
                    yield out;
                }
                case SORT_BY -> sortBy(at, list, predicate, call);
                case REDUCE -> {
                    int start = 0;
                    if (call.args().size() == 3) {
                        at.acc = eval(call.args().get(2));
                    } else if (list.isEmpty()) {
                        throw error("reduce of empty array with no initial value", call);
                    } else {
                        at.acc = list.getFirst();
                        start = 1;
                    }
                    for (int i = start; i < list.size(); i++) {
                        at.acc = apply(at, list, i, predicate);
                    }
                    yield at.acc;
                }
                default -> throw new IllegalStateException(builtin + " takes no predicate");
            };
        } finally {
            iterations.pop();
        }
    }

    /** Runs the predicate (or, without one, takes the element) at element {@code i}. */
    private Object apply(Iteration at, List<?> list, int i, Node.Predicate predicate) throws MatcherException {
        at.index = i;
        at.item = list.get(i);
        if (predicate == null) {
            budget.work(1);
            return at.item;
        }
        return eval(predicate.body());
    }

    /** Runs a predicate that must give a bool; without a predicate ({@code count(xs)}) the element must be one. */
    private boolean test(Iteration at, List<?> list, int i, Node.Predicate predicate, Node.Call call) throws MatcherException {
        Object v = apply(at, list, i, predicate);
        if (v instanceof Boolean b) {
            return b;
        }
        throw error("predicate should return boolean (got " + Type.nameOf(v) + ")", predicate == null ? call : predicate);
    }

    /** {@code sum}: starts from int 0 and adds each value to it, as expr-lang does. */
    private Object sum(Iteration at, List<?> list, Node.Predicate predicate, Node.Call call) throws MatcherException {
        Object acc = 0L;
        for (int i = 0; i < list.size(); i++) {
            Object value = apply(at, list, i, predicate);
            try {
                acc = Values.arithmetic("+", value, acc);
            } catch (Failure f) {
                throw error(f.getMessage(), call);
            }
        }
        return acc;
    }

    private Object sortBy(Iteration at, List<?> list, Node.Predicate predicate, Node.Call call) throws MatcherException {
        boolean descending = false;
        if (call.args().size() == 3) {
            Object order = eval(call.args().get(2));
            if (!(order instanceof String s)) {
                throw error("sortBy order argument must be a string (got " + Type.nameOf(order) + ")", call.args().get(2));
            }
            descending = switch (s) {
                case "asc" -> false;
                case "desc" -> true;
                default -> throw error("unknown order " + s + ", use asc or desc", call.args().get(2));
            };
        }
        record Keyed(Object key, Object item) {}
        List<Keyed> keyed = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            keyed.add(new Keyed(apply(at, list, i, predicate), list.get(i)));
        }
        budget.allocate(list.size());
        budget.work((long) list.size() * (64 - Long.numberOfLeadingZeros(list.size() + 1L)));
        Comparator<Keyed> order = (a, b) -> Values.compare(a.key(), b.key(), "<");
        try {
            keyed.sort(descending ? order.reversed() : order);
        } catch (Failure f) {
            throw error(f.getMessage(), call);
        } catch (IllegalArgumentException e) {
            throw error("sortBy: the values do not have a consistent order (NaN?)", call);
        }
        List<Object> out = new ArrayList<>(keyed.size());
        keyed.forEach(k -> out.add(k.item()));
        return Values.list(out);
    }

    // ---------------------------------------------------------------- operators

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
                case null, default -> throw error("invalid operation: - (mismatched type " + Type.nameOf(v) + ")", u);
            };
            default -> {
                if (!Values.isNumber(v)) {
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

    private boolean bool(Object v, Node.Logical chain, int operator) throws MatcherException {
        if (v instanceof Boolean flag) {
            return flag;
        }
        throw MatcherException.at("invalid operation: " + chain.op() + " (mismatched type " + Type.nameOf(v) + ")",
                src, chain.operators().get(operator));
    }

    private Object binary(Node.Binary b) throws MatcherException {
        switch (b.op()) {
            case "??" -> {
                Object left = eval(b.left());
                return left != null ? left : eval(b.right());
            }
            case "in" -> {
                if (b.right() instanceof Node.Binary range && range.op().equals("..")) {
                    Optional<long[]> bounds = literalRange(range);
                    if (bounds.isPresent()) {
                        Object needle = eval(b.left());
                        if (needle instanceof Long x) {
                            // expr-lang turns `int in m..n` into two comparisons: no range is built
                            return bounds.get()[0] <= x && x <= bounds.get()[1];
                        }
                        return in(needle, eval(b.right()), b);
                    }
                }
                return in(eval(b.left()), eval(b.right()), b);
            }
            default -> {
                return strict(b, eval(b.left()), eval(b.right()));
            }
        }
    }

    /** The bounds of {@code m..n} when both are integer literals (possibly negated). */
    private static Optional<long[]> literalRange(Node.Binary range) {
        Optional<Long> from = literalInt(range.left());
        Optional<Long> to = literalInt(range.right());
        return from.isPresent() && to.isPresent() ? Optional.of(new long[] {from.get(), to.get()}) : Optional.empty();
    }

    private static Optional<Long> literalInt(Node node) {
        return switch (node) {
            case Node.Literal l when l.value() instanceof Long v -> Optional.of(v);
            case Node.Unary u when u.op().equals("-") -> literalInt(u.operand()).map(v -> -v);
            case Node.Unary u when u.op().equals("+") -> literalInt(u.operand());
            default -> Optional.empty();
        };
    }

    private boolean in(Object needle, Object haystack, Node.Binary b) throws MatcherException {
        return switch (haystack) {
            case null -> false;
            case List<?> list -> {
                for (Object e : list) {
                    if (Values.equal(needle, e, budget)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Map<?, ?> map -> {
                if (!Values.stringKeyed(map)) {
                    yield map.containsKey(needle);
                }
                if (needle != null && !(needle instanceof String)) {
                    throw error("cannot use " + Type.nameOf(needle) + " as type string in map key", b);
                }
                yield map.containsKey(needle == null ? "" : needle);
            }
            default -> throw error("operator in not defined on " + Type.nameOf(haystack), b);
        };
    }

    private Object strict(Node.Binary b, Object l, Object r) throws MatcherException {
        switch (b.op()) {
            case "==" -> {
                return Values.equal(l, r, budget);
            }
            case "!=" -> {
                return !Values.equal(l, r, budget);
            }
            case "<", ">", "<=", ">=" -> {
                if (l instanceof String s) {
                    budget.work(s.length());
                }
                int c = Values.compare(l, r, b.op());
                return switch (b.op()) {
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
            }
            case "matches", "contains", "startsWith", "endsWith" -> {
                if (l == null || r == null) {
                    return false;
                }
                if (!(l instanceof String ls) || !(r instanceof String rs)) {
                    throw Values.mismatched(b.op(), l, r);
                }
                budget.work(ls.length() + rs.length());
                return switch (b.op()) {
                    case "matches" -> pattern(rs, b.right()).matcher(ls).find();
                    case "contains" -> ls.contains(rs);
                    case "startsWith" -> ls.startsWith(rs);
                    default -> ls.endsWith(rs);
                };
            }
            case ".." -> {
                long from = Values.toInt(l);
                long to = Values.toInt(r);
                budget.allocate(to < from ? 0 : to - from + 1 > 0 ? to - from + 1 : Long.MAX_VALUE);
                return Values.range(from, to);
            }
            default -> {
                Object result = Values.arithmetic(b.op(), l, r);
                if (result instanceof String s) {
                    budget.allocate(s.length());
                }
                return result;
            }
        }
    }

    /** Evaluates a whole expression; {@link #SKIP} never leaves it. */
    Object run(Node root) throws MatcherException {
        Object result = eval(root);
        return result == SKIP ? null : result;
    }
}

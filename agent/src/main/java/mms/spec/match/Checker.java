package mms.spec.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Compile-time checks, as expr-lang does them against the declared environment: unknown names
 * (the variables of {@code let} and of the dialect are known, with their types), arity and
 * argument types of calls and built-ins, operand types where they are known, the result of
 * predicates, {@code #} outside a predicate, redeclared variables, constant regular
 * expressions (of {@code matches} as expr-lang does, and of {@code identity}, which the original
 * only finds on each node), and a boolean result. Values from {@code get_fact} are
 * {@link Type#ANY} and checked at run time. The tree is at most {@link Matcher#MAX_DEPTH} deep,
 * so the recursion is bounded.
 */
final class Checker {

    private record Variable(String name, Type type) {}

    /** The collection a predicate runs over and the pointers it offers besides {@code #}. */
    private record Scope(Type collection, Map<String, Type> pointers) {}

    private final String src;
    private final Dialect dialect;
    private final Deque<Variable> variables = new ArrayDeque<>();
    private final Deque<Scope> scopes = new ArrayDeque<>();

    private Checker(String src, Dialect dialect) {
        this.src = src;
        this.dialect = dialect;
    }

    /** Checks {@code root}, which must give a boolean (or a value known only at run time). */
    static void check(String src, Dialect dialect, Node root) throws MatcherException {
        Type result = type(src, dialect, root);
        if (!result.is(Type.Kind.BOOL) && !result.unknown()) {
            throw MatcherException.general("expected bool, but got " + result.goName(), src);
        }
    }

    /** Checks {@code root} and gives its type, whatever it is. */
    static Type type(String src, Dialect dialect, Node root) throws MatcherException {
        return new Checker(src, dialect).type(root);
    }

    private MatcherException error(String reason, Node node) {
        return error(reason, node.pos());
    }

    private MatcherException error(String reason, int offset) {
        return MatcherException.at(reason, src, offset);
    }

    private Type type(Node node) throws MatcherException {
        return switch (node) {
            case Node.Literal l -> Type.of(l.value());
            case Node.ArrayLiteral a -> array(a);
            case Node.MapLiteral m -> {
                for (int i = 0; i < m.keys().size(); i++) {
                    type(m.keys().get(i));
                    type(m.values().get(i));
                }
                yield Type.MAP;
            }
            case Node.Identifier id -> identifier(id);
            case Node.Pointer p -> pointer(p);
            case Node.Predicate p -> throw error("a predicate can only be an argument of a built-in", p);
            case Node.Call call -> call(call);
            case Node.MethodCall call -> {
                Type object = type(call.object());
                for (Node arg : call.args()) {
                    type(arg);
                }
                if (object.unknown()) {
                    yield Type.ANY;
                }
                throw error("type " + object.goName() + " has no method " + call.name(), call);
            }
            case Node.Unary u -> unary(u);
            case Node.Logical l -> logical(l);
            case Node.Binary b -> binary(b);
            case Node.Conditional c -> conditional(c);
            case Node.Member m -> member(m);
            case Node.Chain c -> type(c.inner());
            case Node.Slice s -> slice(s);
            case Node.Sequence s -> {
                Type last = Type.ANY;
                for (Node n : s.nodes()) {
                    last = type(n);
                }
                yield last;
            }
            case Node.Let l -> let(l);
        };
    }

    /** {@code [1, 2]} is an array of ints; elements of different kinds make an array of unknown elements. */
    private Type array(Node.ArrayLiteral a) throws MatcherException {
        Type previous = Type.ANY;
        boolean same = true;
        for (int i = 0; i < a.elements().size(); i++) {
            Type t = type(a.elements().get(i));
            if (i > 0 && t.kind() != previous.kind()) {
                same = false;
            }
            previous = t;
        }
        return same ? Type.arrayOf(previous) : Type.ARRAY;
    }

    /** A variable of {@code let} first (it shadows the dialect's), then one of the dialect. */
    private Type identifier(Node.Identifier id) throws MatcherException {
        for (Variable v : variables) {
            if (v.name().equals(id.name())) {
                return v.type();
            }
        }
        Dialect.Variable variable = dialect.variable(id.name());
        if (variable != null) {
            return variable.type;
        }
        throw error(unknownName(id.name(), false), id);
    }

    private String unknownName(String name, boolean called) {
        if (name.equals("$env")) {
            return "$env is not supported in matchers";
        }
        Dialect.Function f = Dialect.Function.named(name);
        if (f != null && !dialect.functions().contains(f)) {
            return "function " + name + " is not available in " + dialect.name().toLowerCase() + " matchers";
        }
        if (!called && f != null) {
            return "function " + name + " must be called with an argument: " + name + "(...)";
        }
        if (!called && Builtin.named(name).isPresent()) {
            return "built-in " + name + " must be called: " + name + "(...)";
        }
        return "unknown name " + name;
    }

    private Type pointer(Node.Pointer p) throws MatcherException {
        Scope scope = scopes.peek();
        if (scope == null) {
            throw error("cannot use pointer accessor outside predicate", p);
        }
        if (p.name().isEmpty()) {
            if (scope.collection().unknown() || scope.collection().is(Type.Kind.ARRAY)) {
                return scope.collection().elementOrAny();
            }
            throw error("cannot use " + scope.collection().goName() + " as array", p);
        }
        Type t = scope.pointers().get(p.name());
        if (t == null) {
            throw error("unknown pointer #" + p.name(), p);
        }
        return t;
    }

    private Type let(Node.Let l) throws MatcherException {
        if (Dialect.Function.named(l.name()) != null || dialect.variable(l.name()) != null) {
            throw error("cannot redeclare " + l.name(), l);
        }
        if (Builtin.named(l.name()).isPresent()) {
            throw error("cannot redeclare builtin " + l.name(), l);
        }
        for (Variable v : variables) {
            if (v.name().equals(l.name())) {
                throw error("cannot redeclare variable " + l.name(), l);
            }
        }
        Type value = type(l.value());
        variables.push(new Variable(l.name(), value));
        try {
            return type(l.body());
        } finally {
            variables.pop();
        }
    }

    private Type call(Node.Call call) throws MatcherException {
        Dialect.Variable variable = dialect.variable(call.name());
        if (variable != null) {
            throw error(call.name() + " is a " + variable.type.goName() + " here, not a function", call);
        }
        Dialect.Function f = Dialect.Function.named(call.name());
        if (f != null) {
            if (!dialect.functions().contains(f)) {
                throw error(unknownName(call.name(), true), call);
            }
            return function(f, call);
        }
        Builtin builtin = Builtin.named(call.name()).orElse(null);
        if (builtin == null) {
            for (Variable v : variables) {
                if (v.name().equals(call.name())) {
                    throw error(v.type().goName() + " is not callable", call);
                }
            }
            throw error(unknownName(call.name(), true), call);
        }
        if (builtin.unsupported()) {
            throw error("function " + call.name() + " is not supported in matchers, which have no date or time values", call);
        }
        if (builtin.takesPredicate()) {
            return predicateBuiltin(builtin, call);
        }
        List<Type> args = new ArrayList<>();
        for (Node arg : call.args()) {
            args.add(type(arg));
        }
        try {
            return builtin == Builtin.GET ? get(args) : builtin.type(args);
        } catch (Failure f2) {
            throw error(f2.getMessage(), f2.argument >= 0 ? call.args().get(f2.argument).pos() : call.pos());
        }
    }

    /** {@code identity}, {@code has_file}, ...: one string argument; {@code lookup} a default of any type too. */
    private Type function(Dialect.Function f, Node.Call call) throws MatcherException {
        List<Type> args = new ArrayList<>();
        for (Node arg : call.args()) {
            args.add(type(arg));
        }
        if (args.isEmpty()) {
            throw error("not enough arguments to call " + call.name(), call);
        }
        if (args.size() > (f == Dialect.Function.LOOKUP ? 2 : 1)) {
            throw error("too many arguments to call " + call.name(), call);
        }
        Type arg = args.getFirst();
        if (!arg.maybe(Type.Kind.STRING)) {
            throw error("cannot use " + arg.goName() + " as argument (type string) to call " + call.name(), call.args().getFirst());
        }
        if (f == Dialect.Function.IDENTITY && call.args().getFirst() instanceof Node.Literal l && l.value() instanceof String re) {
            Regexes.compile(re, src, l.pos());
        }
        return f.result;
    }

    /** {@code get(v, i)}: like an index, but nil when there is nothing there. */
    private static Type get(List<Type> args) {
        if (args.size() != 2) {
            throw new Failure("invalid number of arguments (expected 2, got " + args.size() + ")");
        }
        Type base = args.get(0);
        Type property = args.get(1);
        if (base.unknown()) {
            return Type.ANY;
        }
        return switch (base.kind()) {
            case ARRAY -> {
                if (!property.maybe(Type.Kind.INT)) {
                    throw new Failure("non-integer slice index " + property.goName(), 1);
                }
                yield base.elementOrAny();
            }
            case MAP -> {
                if (!property.unknown() && !property.assignableTo(base.key())) {
                    throw new Failure("cannot use " + property.goName() + " to get an element from " + base.goName(), 1);
                }
                yield base.elementOrAny();
            }
            default -> throw new Failure("type " + base.goName() + " does not support indexing", 0);
        };
    }

    private Type predicateBuiltin(Builtin builtin, Node.Call call) throws MatcherException {
        Node collectionNode = call.args().getFirst();
        Type collection = type(collectionNode);
        if (!collection.maybe(Type.Kind.ARRAY)) {
            throw error("builtin " + call.name() + " takes only array (got " + collection.goName() + ")", collectionNode);
        }
        if (call.args().size() == 1) {
            return switch (builtin) {
                case COUNT -> Type.INT;
                case SUM -> collection.elementOrAny();
                default -> throw error("not enough arguments to call " + call.name(), call);
            };
        }
        Map<String, Type> pointers = switch (builtin) {
            case MAP -> Map.of("index", Type.INT);
            case REDUCE -> Map.of("index", Type.INT, "acc", Type.ANY);
            default -> Map.of();
        };
        Node.Predicate predicate = (Node.Predicate) call.args().get(1);
        scopes.push(new Scope(collection, pointers));
        Type body;
        try {
            body = type(predicate.body());
        } finally {
            scopes.pop();
        }
        Type element = collection.elementOrAny();
        return switch (builtin) {
            case ALL, NONE, ANY, ONE -> {
                boolPredicate(body, predicate);
                yield Type.BOOL;
            }
            case FILTER -> {
                boolPredicate(body, predicate);
                yield Type.arrayOf(element);
            }
            case MAP -> Type.arrayOf(body);
            case COUNT, FIND_INDEX, FIND_LAST_INDEX -> {
                boolPredicate(body, predicate);
                yield Type.INT;
            }
            case SUM -> body;
            case FIND, FIND_LAST -> {
                boolPredicate(body, predicate);
                yield element;
            }
            case GROUP_BY -> Type.groups(element);
            case SORT_BY -> {
                if (call.args().size() == 3) {
                    Type order = type(call.args().get(2));
                    if (!order.maybe(Type.Kind.STRING)) {
                        throw error("sortBy order argument must be a string (got " + order.goName() + ")", call.args().get(2));
                    }
                }
                yield collection;
            }
            case REDUCE -> {
                if (call.args().size() == 3) {
                    type(call.args().get(2));
                }
                yield body;
            }
            default -> throw new IllegalStateException(builtin + " takes no predicate");
        };
    }

    private void boolPredicate(Type body, Node.Predicate predicate) throws MatcherException {
        if (!body.maybe(Type.Kind.BOOL)) {
            throw error("predicate should return boolean (got " + body.goName() + ")", predicate);
        }
    }

    private Type unary(Node.Unary u) throws MatcherException {
        Type t = type(u.operand());
        if (u.op().equals("!")) {
            if (!t.maybe(Type.Kind.BOOL)) {
                throw error("invalid operation: ! (mismatched type " + t.goName() + ")", u);
            }
            return Type.BOOL;
        }
        if (!t.maybeNumber()) {
            throw error("invalid operation: " + u.op() + " (mismatched type " + t.goName() + ")", u);
        }
        return t;
    }

    /** As nested binary operators would be checked: each operator sees the chain so far (bool) and its right operand. */
    private Type logical(Node.Logical chain) throws MatcherException {
        Type left = type(chain.operands().getFirst());
        for (int i = 1; i < chain.operands().size(); i++) {
            Type right = type(chain.operands().get(i));
            if (!left.maybe(Type.Kind.BOOL) || !right.maybe(Type.Kind.BOOL)) {
                throw error("invalid operation: " + chain.op() + " (mismatched types " + left.goName() + " and "
                        + right.goName() + ")", chain.operators().get(i - 1));
            }
            left = Type.BOOL;
        }
        return Type.BOOL;
    }

    /** expr-lang's {@code MaybeCompatible}: one side unknown and the other of one of the kinds, or both unknown. */
    private static boolean maybeCompatible(Type l, Type r, Type.Kind... kinds) {
        if (l.unknown() && r.unknown()) {
            return true;
        }
        Type known = l.unknown() ? r : r.unknown() ? l : null;
        if (known == null) {
            return false;
        }
        for (Type.Kind k : kinds) {
            if (known.is(k)) {
                return true;
            }
        }
        return false;
    }

    private static Type promote(Type l, Type r) {
        return l.is(Type.Kind.FLOAT) || r.is(Type.Kind.FLOAT) ? Type.FLOAT : Type.INT;
    }

    private Type binary(Node.Binary b) throws MatcherException {
        Type l = type(b.left());
        Type r = type(b.right());
        Type.Kind num = Type.Kind.INT;
        Type.Kind flo = Type.Kind.FLOAT;
        Type.Kind str = Type.Kind.STRING;
        return switch (b.op()) {
            case "==", "!=" -> {
                if (l.unknown() || r.unknown() || l.is(Type.Kind.NIL) || r.is(Type.Kind.NIL)
                        || (l.number() && r.number()) || l.kind() == r.kind()) {
                    yield Type.BOOL;
                }
                throw mismatched(b, l, r);
            }
            case "<", ">", "<=", ">=" -> {
                if ((l.number() && r.number()) || (l.is(str) && r.is(str)) || maybeCompatible(l, r, num, flo, str)) {
                    yield Type.BOOL;
                }
                throw mismatched(b, l, r);
            }
            case "in" -> in(b, l, r);
            case "matches", "contains", "startsWith", "endsWith" -> {
                if (b.op().equals("matches") && b.right() instanceof Node.Literal lit && lit.value() instanceof String re) {
                    Regexes.compile(re, src, lit.pos());
                }
                if ((l.is(str) && r.is(str)) || maybeCompatible(l, r, str)) {
                    yield Type.BOOL;
                }
                throw mismatched(b, l, r);
            }
            case "+" -> {
                if (l.number() && r.number()) {
                    yield promote(l, r);
                }
                if (l.is(str) && r.is(str)) {
                    yield Type.STRING;
                }
                if (maybeCompatible(l, r, num, flo, str)) {
                    yield Type.ANY;
                }
                throw mismatched(b, l, r);
            }
            case "-", "*" -> {
                if (l.number() && r.number()) {
                    yield promote(l, r);
                }
                if (maybeCompatible(l, r, num, flo)) {
                    yield Type.ANY;
                }
                throw mismatched(b, l, r);
            }
            case "/", "**" -> {
                if ((l.number() && r.number()) || maybeCompatible(l, r, num, flo)) {
                    yield Type.FLOAT;
                }
                throw mismatched(b, l, r);
            }
            case "%" -> {
                if ((l.is(num) && r.is(num)) || maybeCompatible(l, r, num)) {
                    yield Type.INT;
                }
                throw mismatched(b, l, r);
            }
            case ".." -> {
                if ((l.is(num) && r.is(num)) || maybeCompatible(l, r, num)) {
                    yield Type.sliceOf(Type.INT);
                }
                throw mismatched(b, l, r);
            }
            case "??" -> {
                if (l.is(Type.Kind.NIL)) {
                    yield r;
                }
                if (r.is(Type.Kind.NIL) || r.assignableTo(l)) {
                    yield l;
                }
                yield Type.ANY;
            }
            default -> throw error("unknown operator " + b.op(), b);
        };
    }

    private Type in(Node.Binary b, Type l, Type r) throws MatcherException {
        if (r.is(Type.Kind.MAP)) {
            if (!l.unknown() && !l.assignableTo(r.key())) {
                throw error("cannot use " + l.goName() + " as type " + r.key().goName() + " in map key", b);
            }
            return Type.BOOL;
        }
        if (r.is(Type.Kind.ARRAY)) {
            Type element = r.elementOrAny();
            boolean comparable = l.unknown() || element.unknown() || l.is(Type.Kind.NIL) || element.is(Type.Kind.NIL)
                    || (l.number() && element.number()) || l.kind() == element.kind();
            if (!comparable) {
                throw error("cannot use " + l.goName() + " as type " + element.goName() + " in array", b);
            }
            return Type.BOOL;
        }
        if (l.unknown() && (r.is(Type.Kind.STRING) || r.unknown())) {
            return Type.BOOL;
        }
        if (r.unknown()) {
            return Type.BOOL;
        }
        throw mismatched(b, l, r);
    }

    private Type conditional(Node.Conditional c) throws MatcherException {
        Type condition = type(c.condition());
        if (!condition.maybe(Type.Kind.BOOL)) {
            throw error("non-bool expression (type " + condition.goName() + ") used as condition", c.condition());
        }
        Type a = type(c.whenTrue());
        Type b = type(c.whenFalse());
        if (a.is(Type.Kind.NIL)) {
            return b;
        }
        if (b.is(Type.Kind.NIL)) {
            return a;
        }
        if (a.assignableTo(b)) {
            if (a.is(Type.Kind.ARRAY) && b.is(Type.Kind.ARRAY)
                    && !(a.elementOrAny().assignableTo(b.elementOrAny()) && b.elementOrAny().assignableTo(a.elementOrAny()))) {
                return Type.ARRAY;
            }
            return a;
        }
        return Type.ANY;
    }

    private Type member(Node.Member m) throws MatcherException {
        Type object = type(m.object());
        Type property = type(m.property());
        if (object.unknown()) {
            return Type.ANY;
        }
        String name = m.property() instanceof Node.Literal l && l.value() instanceof String s ? s : null;
        return switch (object.kind()) {
            case MAP -> {
                if (!property.unknown() && !property.assignableTo(object.key())) {
                    throw error("cannot use " + property.goName() + " to get an element from " + object.goName(), m.property());
                }
                yield object.elementOrAny();
            }
            case ARRAY -> {
                if (!property.maybe(Type.Kind.INT)) {
                    throw error("array elements can only be selected using an integer (got " + property.goName() + ")",
                            m.property());
                }
                yield object.elementOrAny();
            }
            default -> throw error(name != null ? "type " + object.goName() + " has no field " + name
                    : "type " + object.goName() + "[" + property.goName() + "] is undefined", m);
        };
    }

    private Type slice(Node.Slice s) throws MatcherException {
        Type object = type(s.object());
        for (Node bound : new Node[] {s.from(), s.to()}) {
            if (bound != null) {
                Type t = type(bound);
                if (!t.maybe(Type.Kind.INT)) {
                    throw error("non-integer slice index " + t.goName(), bound);
                }
            }
        }
        if (object.unknown() || object.is(Type.Kind.STRING) || object.is(Type.Kind.ARRAY)) {
            return object;
        }
        throw error("cannot slice " + object.goName(), s);
    }

    private MatcherException mismatched(Node.Binary b, Type l, Type r) {
        return error("invalid operation: " + b.op() + " (mismatched types " + l.goName() + " and " + r.goName() + ")", b);
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

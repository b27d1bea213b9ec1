package mms.spec.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compile-time checks, as expr-lang does them against the declared environment: unknown names
 * (the dialect's variables are known, with their types),
 * arity and argument types of calls, operand types where they are known, constant regular
 * expressions (of {@code matches} as expr-lang does, and of {@code identity}, which the original
 * only finds on each node), and a boolean result. Values from {@code get_fact} are
 * {@link Type#ANY} and checked at run time. The tree is at most {@link Matcher#MAX_DEPTH} deep,
 * so the recursion is bounded.
 */
final class Checker {

    /** Built-ins of expr-lang that matchers do not offer; named so the error says so. */
    private static final Set<String> EXPR_BUILTINS = Set.of("trim", "trimPrefix", "trimSuffix", "upper", "lower",
            "split", "splitAfter", "replace", "repeat", "indexOf", "lastIndexOf", "hasPrefix", "hasSuffix", "now",
            "duration", "date", "timezone", "max", "min", "abs", "ceil", "floor", "round", "all", "any", "one",
            "none", "map", "filter", "find", "findIndex", "findLast", "findLastIndex", "groupBy", "count", "concat",
            "flatten", "uniq", "join", "reduce", "sum", "mean", "median", "first", "last", "take", "reverse", "sort",
            "sortBy", "keys", "values", "type", "int", "float", "string", "toJSON", "fromJSON", "toBase64",
            "fromBase64", "toPairs", "fromPairs", "len", "get", "bitand", "bitor", "bitxor", "bitnand", "bitnot",
            "bitshl", "bitshr", "bitushr", "let", "if");

    private final String src;
    private final Dialect dialect;

    private Checker(String src, Dialect dialect) {
        this.src = src;
        this.dialect = dialect;
    }

    /** Checks {@code root}. */
    static void check(String src, Dialect dialect, Node root) throws MatcherException {
        Type result = new Checker(src, dialect).type(root);
        if (result != Type.BOOL && result != Type.ANY) {
            throw MatcherException.general("expected bool, but got " + result.goName, src);
        }
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
            case Node.ArrayLiteral a -> {
                for (Node e : a.elements()) {
                    type(e);
                }
                yield Type.ARRAY;
            }
            case Node.MapLiteral m -> {
                for (Node v : m.values()) {
                    type(v);
                }
                yield Type.MAP;
            }
            case Node.Identifier id -> {
                Dialect.Variable variable = dialect.variable(id.name());
                if (variable == null) {
                    throw error(unknownName(id.name(), false), id);
                }
                yield variable.type;
            }
            case Node.Call call -> call(call);
            case Node.Unary u -> unary(u);
            case Node.Logical l -> logical(l);
            case Node.Binary b -> binary(b);
            case Node.Conditional c -> {
                Type condition = type(c.condition());
                if (condition != Type.BOOL && condition != Type.ANY) {
                    throw error("non-bool expression (type " + condition.goName + ") used as condition", c.condition());
                }
                Type a = type(c.whenTrue());
                Type b = type(c.whenFalse());
                yield a == b ? a : Type.ANY;
            }
            case Node.Member m -> {
                Type object = type(m.object());
                Type property = type(m.property());
                if (object != Type.ARRAY && object != Type.MAP && object != Type.ANY
                        && !(object == Type.NIL && m.optional())) {
                    throw error("cannot fetch " + describe(m.property()) + " from " + object.goName, m);
                }
                if (object == Type.ARRAY && property != Type.INT && property != Type.ANY) {
                    throw error("array elements can only be selected using an integer (got " + property.goName + ")", m.property());
                }
                if (object == Type.MAP && property != Type.STRING && property != Type.ANY) {
                    throw error("cannot use " + property.goName + " to get an element from map[string]interface {}", m.property());
                }
                yield Type.ANY;
            }
        };
    }

    private static String describe(Node property) {
        return property instanceof Node.Literal l && l.value() instanceof String s ? s : "element";
    }

    private String unknownName(String name, boolean called) {
        Dialect.Function f = Dialect.Function.named(name);
        if (f != null && dialect.functions().contains(f)) {
            return "function " + name + " must be called with an argument: " + name + "(...)";
        }
        if (f != null || (called && EXPR_BUILTINS.contains(name))) {
            return "function " + name + " is not available in " + dialect.name().toLowerCase() + " matchers";
        }
        return "unknown name " + name;
    }

    private Type call(Node.Call call) throws MatcherException {
        Dialect.Variable variable = dialect.variable(call.name());
        if (variable != null) {
            throw error(call.name() + " is a " + variable.type.goName + " here, not a function", call);
        }
        Dialect.Function f = Dialect.Function.named(call.name());
        if (f == null || !dialect.functions().contains(f)) {
            throw error(unknownName(call.name(), true), call);
        }
        List<Type> args = new ArrayList<>();
        for (Node arg : call.args()) {
            args.add(type(arg));
        }
        if (args.isEmpty()) {
            throw error("not enough arguments to call " + call.name(), call);
        }
        if (args.size() > 1) {
            throw error("too many arguments to call " + call.name(), call);
        }
        Type arg = args.getFirst();
        if (arg != Type.STRING && arg != Type.ANY) {
            throw error("cannot use " + arg.goName + " as argument (type string) to call " + call.name(), call.args().getFirst());
        }
        if (f == Dialect.Function.IDENTITY && call.args().getFirst() instanceof Node.Literal l && l.value() instanceof String re) {
            Regexes.compile(re, src, l.pos());
        }
        return f.result;
    }

    private Type unary(Node.Unary u) throws MatcherException {
        Type t = type(u.operand());
        switch (u.op()) {
            case "!" -> {
                if (t != Type.BOOL && t != Type.ANY) {
                    throw error("invalid operation: ! (mismatched type " + t.goName + ")", u);
                }
                return Type.BOOL;
            }
            default -> {
                if (!t.number() && t != Type.ANY) {
                    throw error("invalid operation: " + u.op() + " (mismatched type " + t.goName + ")", u);
                }
                return t;
            }
        }
    }

    /** As nested binary operators would be checked: each operator sees the chain so far (bool) and its right operand. */
    private Type logical(Node.Logical chain) throws MatcherException {
        Type left = type(chain.operands().getFirst());
        for (int i = 1; i < chain.operands().size(); i++) {
            Type right = type(chain.operands().get(i));
            if ((left != Type.BOOL && left != Type.ANY) || (right != Type.BOOL && right != Type.ANY)) {
                throw error("invalid operation: " + chain.op() + " (mismatched types " + left.goName + " and "
                        + right.goName + ")", chain.operators().get(i - 1));
            }
            left = Type.BOOL;
        }
        return Type.BOOL;
    }

    private Type binary(Node.Binary b) throws MatcherException {
        Type l = type(b.left());
        Type r = type(b.right());
        boolean any = l == Type.ANY || r == Type.ANY;
        return switch (b.op()) {
            case "==", "!=" -> {
                if (any || l == Type.NIL || r == Type.NIL || l == r || (l.number() && r.number())) {
                    yield Type.BOOL;
                }
                throw mismatched(b, l, r);
            }
            case "<", ">", "<=", ">=" -> {
                if (any || (l.number() && r.number()) || (l == Type.STRING && r == Type.STRING)) {
                    yield Type.BOOL;
                }
                throw mismatched(b, l, r);
            }
            case "in" -> {
                if (r == Type.ANY || r == Type.ARRAY || (r == Type.MAP && (l == Type.STRING || l == Type.ANY))) {
                    yield Type.BOOL;
                }
                throw mismatched(b, l, r);
            }
            case "matches", "contains", "startsWith", "endsWith" -> {
                if ((l == Type.STRING || l == Type.ANY) && (r == Type.STRING || r == Type.ANY)) {
                    if (b.op().equals("matches") && b.right() instanceof Node.Literal lit && lit.value() instanceof String re) {
                        Regexes.compile(re, src, lit.pos());
                    }
                    yield Type.BOOL;
                }
                throw mismatched(b, l, r);
            }
            case "+" -> {
                if (l == Type.STRING && r == Type.STRING) {
                    yield Type.STRING;
                }
                if (l == Type.INT && r == Type.INT) {
                    yield Type.INT;
                }
                if (l.number() && r.number()) {
                    yield Type.FLOAT;
                }
                if (any && (l == Type.ANY || l.number() || l == Type.STRING) && (r == Type.ANY || r.number() || r == Type.STRING)) {
                    yield Type.ANY;
                }
                throw mismatched(b, l, r);
            }
            case "-", "*", "%" -> {
                if (b.op().equals("%") && (l == Type.FLOAT || r == Type.FLOAT)) {
                    throw mismatched(b, l, r);
                }
                if (l == Type.INT && r == Type.INT) {
                    yield Type.INT;
                }
                if (l.number() && r.number()) {
                    yield Type.FLOAT;
                }
                if (any && (l == Type.ANY || l.number()) && (r == Type.ANY || r.number())) {
                    yield Type.ANY;
                }
                throw mismatched(b, l, r);
            }
            case "/", "**" -> {
                if ((l.number() || l == Type.ANY) && (r.number() || r == Type.ANY)) {
                    yield Type.FLOAT;
                }
                throw mismatched(b, l, r);
            }
            case "??" -> l == Type.NIL ? r : (r == Type.NIL || l == r) ? l : Type.ANY;
            default -> throw error("operator " + b.op() + " is not supported in matchers", b);
        };
    }

    private MatcherException mismatched(Node.Binary b, Type l, Type r) {
        return error("invalid operation: " + b.op() + " (mismatched types " + l.goName + " and " + r.goName + ")", b);
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

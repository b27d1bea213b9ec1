package mms.spec.match;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * expr-lang's built-in functions (v1.17): their names, how their arguments parse (the second
 * argument of {@code all}, {@code map}, ... is a predicate), the checker's rules for the plain
 * ones ({@link #type}) and what they do ({@link #apply}); the predicate built-ins are run by the
 * evaluator, which owns the scopes of {@code #}. The date and time functions are refused:
 * matchers have no time values.
 */
enum Builtin {
    ALL("all", Arg.EXPR, Arg.PREDICATE),
    NONE("none", Arg.EXPR, Arg.PREDICATE),
    ANY("any", Arg.EXPR, Arg.PREDICATE),
    ONE("one", Arg.EXPR, Arg.PREDICATE),
    FILTER("filter", Arg.EXPR, Arg.PREDICATE),
    MAP("map", Arg.EXPR, Arg.PREDICATE),
    COUNT("count", Arg.EXPR, Arg.OPTIONAL_PREDICATE),
    SUM("sum", Arg.EXPR, Arg.OPTIONAL_PREDICATE),
    FIND("find", Arg.EXPR, Arg.PREDICATE),
    FIND_INDEX("findIndex", Arg.EXPR, Arg.PREDICATE),
    FIND_LAST("findLast", Arg.EXPR, Arg.PREDICATE),
    FIND_LAST_INDEX("findLastIndex", Arg.EXPR, Arg.PREDICATE),
    GROUP_BY("groupBy", Arg.EXPR, Arg.PREDICATE),
    SORT_BY("sortBy", Arg.EXPR, Arg.PREDICATE, Arg.OPTIONAL),
    REDUCE("reduce", Arg.EXPR, Arg.PREDICATE, Arg.OPTIONAL),
    LEN("len"),
    TYPE("type"),
    ABS("abs"),
    CEIL("ceil"),
    FLOOR("floor"),
    ROUND("round"),
    INT("int"),
    FLOAT("float"),
    STRING("string"),
    TRIM("trim"),
    TRIM_PREFIX("trimPrefix"),
    TRIM_SUFFIX("trimSuffix"),
    UPPER("upper"),
    LOWER("lower"),
    SPLIT("split"),
    SPLIT_AFTER("splitAfter"),
    REPLACE("replace"),
    REPEAT("repeat"),
    JOIN("join"),
    INDEX_OF("indexOf"),
    LAST_INDEX_OF("lastIndexOf"),
    HAS_PREFIX("hasPrefix"),
    HAS_SUFFIX("hasSuffix"),
    MAX("max"),
    MIN("min"),
    MEAN("mean"),
    MEDIAN("median"),
    TO_JSON("toJSON"),
    FROM_JSON("fromJSON"),
    TO_BASE64("toBase64"),
    FROM_BASE64("fromBase64"),
    FIRST("first"),
    LAST("last"),
    GET("get"),
    TAKE("take"),
    KEYS("keys"),
    VALUES("values"),
    TO_PAIRS("toPairs"),
    FROM_PAIRS("fromPairs"),
    REVERSE("reverse"),
    UNIQ("uniq"),
    CONCAT("concat"),
    FLATTEN("flatten"),
    SORT("sort"),
    BITAND("bitand"),
    BITOR("bitor"),
    BITXOR("bitxor"),
    BITNAND("bitnand"),
    BITSHL("bitshl"),
    BITSHR("bitshr"),
    BITUSHR("bitushr"),
    BITNOT("bitnot"),
    NOW("now"),
    DURATION("duration"),
    DATE("date"),
    TIMEZONE("timezone");

    /** How an argument of a predicate built-in parses. */
    enum Arg {
        EXPR, PREDICATE, OPTIONAL, OPTIONAL_PREDICATE;

        boolean optional() {
            return this == OPTIONAL || this == OPTIONAL_PREDICATE;
        }

        boolean predicate() {
            return this == PREDICATE || this == OPTIONAL_PREDICATE;
        }
    }

    private static final Map<String, Builtin> BY_NAME = new HashMap<>();

    static {
        for (Builtin b : values()) {
            BY_NAME.put(b.wireName, b);
        }
    }

    final String wireName;
    private final List<Arg> arguments;

    Builtin(String wireName, Arg... arguments) {
        this.wireName = wireName;
        this.arguments = List.of(arguments);
    }

    static Optional<Builtin> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    boolean takesPredicate() {
        return !arguments.isEmpty();
    }

    /** The arguments of a predicate built-in, in order. */
    List<Arg> arguments() {
        return arguments;
    }

    /** Whether matchers refuse it: the date and time functions. */
    boolean unsupported() {
        return this == NOW || this == DURATION || this == DATE || this == TIMEZONE;
    }

    // ---------------------------------------------------------------- checking

    /** One of Go's function types a built-in accepts, checked as expr-lang checks call arguments. */
    private record Signature(Type result, Type... params) {
        Failure check(String name, List<Type> args) {
            if (args.size() < params.length) {
                return new Failure("not enough arguments to call " + name);
            }
            if (args.size() > params.length) {
                return new Failure("too many arguments to call " + name);
            }
            for (int i = 0; i < params.length; i++) {
                Type arg = args.get(i);
                Type param = params[i];
                boolean widened = param.is(Type.Kind.FLOAT) && arg.is(Type.Kind.INT);
                if (!widened && !arg.unknown() && !arg.assignableTo(param)) {
                    return new Failure("cannot use " + arg.goName() + " as argument (type " + param.goName()
                            + ") to call " + name, i);
                }
            }
            return null;
        }
    }

    /** The first signature the arguments fit gives the result; otherwise the last one's complaint, as expr-lang. */
    private Type overloads(List<Type> args, Signature... signatures) {
        Failure last = null;
        for (Signature s : signatures) {
            last = s.check(wireName, args);
            if (last == null) {
                return s.result();
            }
        }
        throw last;
    }

    private static final Type S = Type.STRING;
    private static final Type I = Type.INT;
    private static final Type A = Type.ARRAY;

    /**
     * The result type of a call of this plain built-in with arguments of the given types.
     *
     * @throws Failure what expr-lang reports at compile time, at an argument or at the call
     */
    Type type(List<Type> args) {
        return switch (this) {
            case ALL, NONE, ANY, ONE, FILTER, MAP, COUNT, SUM, FIND, FIND_INDEX, FIND_LAST, FIND_LAST_INDEX,
                 GROUP_BY, SORT_BY, REDUCE -> throw new IllegalStateException(wireName + " is checked with its predicate");
            case NOW, DURATION, DATE, TIMEZONE -> throw new Failure("function " + wireName
                    + " is not supported in matchers, which have no date or time values");
            case LEN -> {
                one(args);
                Type t = args.getFirst();
                if (t.maybe(Type.Kind.ARRAY) || t.is(Type.Kind.MAP) || t.is(Type.Kind.STRING)) {
                    yield I;
                }
                throw invalidArgument(t);
            }
            case TYPE -> overloads(args, new Signature(S, Type.ANY));
            case STRING -> overloads(args, new Signature(S, Type.ANY));
            case ABS -> {
                one(args);
                Type t = args.getFirst();
                if (t.maybeNumber()) {
                    yield t;
                }
                throw invalidArgument(t);
            }
            case CEIL, FLOOR, ROUND -> {
                one(args);
                if (args.getFirst().maybeNumber()) {
                    yield Type.FLOAT;
                }
                throw invalidArgument(args.getFirst());
            }
            case INT, FLOAT -> {
                one(args);
                Type t = args.getFirst();
                if (t.maybeNumber() || t.is(Type.Kind.STRING)) {
                    yield this == INT ? I : Type.FLOAT;
                }
                throw invalidArgument(t);
            }
            case TRIM -> overloads(args, new Signature(S, S), new Signature(S, S, S));
            case TRIM_PREFIX, TRIM_SUFFIX -> overloads(args, new Signature(S, S, S), new Signature(S, S));
            case UPPER, LOWER, TO_BASE64, FROM_BASE64 -> overloads(args, new Signature(S, S));
            case SPLIT, SPLIT_AFTER -> overloads(args, new Signature(Type.sliceOf(S), S, S),
                    new Signature(Type.sliceOf(S), S, S, I));
            case REPLACE -> overloads(args, new Signature(S, S, S, S, I), new Signature(S, S, S, S));
            case REPEAT -> overloads(args, new Signature(S, S, I));
            case JOIN -> overloads(args, new Signature(S, A, S), new Signature(S, A));
            case INDEX_OF, LAST_INDEX_OF -> overloads(args, new Signature(I, S, S));
            case HAS_PREFIX, HAS_SUFFIX -> overloads(args, new Signature(Type.BOOL, S, S));
            case TO_JSON -> overloads(args, new Signature(S, Type.ANY));
            case FROM_JSON -> overloads(args, new Signature(Type.ANY, S));
            case SORT -> overloads(args, new Signature(A, A, S), new Signature(A, A));
            case BITAND, BITOR, BITXOR, BITNAND, BITSHL, BITSHR, BITUSHR -> overloads(args, new Signature(I, I, I));
            case BITNOT -> overloads(args, new Signature(I, I));
            case MAX, MIN, MEAN, MEDIAN -> {
                if (args.isEmpty()) {
                    throw new Failure("not enough arguments to call " + wireName);
                }
                for (Type t : args) {
                    if (t.maybe(Type.Kind.ARRAY)) {
                        yield this == MEAN || this == MEDIAN ? Type.FLOAT : Type.ANY;
                    }
                    if (!t.number()) {
                        throw invalidArgument(t);
                    }
                }
                yield this == MEAN || this == MEDIAN ? Type.FLOAT : args.getFirst();
            }
            // Built-ins checked by Go reflection types lose what expr-lang knows of the elements of
            // array literals, so their results have unknown elements, as there.
            case FIRST, LAST -> {
                one(args);
                Type t = args.getFirst();
                if (t.maybe(Type.Kind.ARRAY)) {
                    yield Type.ANY;
                }
                throw new Failure("cannot get " + (this == FIRST ? "first" : "last") + " element from " + t.goName());
            }
            case GET -> throw new IllegalStateException("get is checked with its operands");
            case TAKE -> {
                count(args, 2);
                if (!args.get(0).maybe(Type.Kind.ARRAY)) {
                    throw new Failure("cannot take from " + args.get(0).goName());
                }
                if (!args.get(1).maybe(Type.Kind.INT)) {
                    throw new Failure("cannot take " + args.get(1).goName() + " elements");
                }
                yield A;
            }
            case KEYS, VALUES -> {
                one(args);
                if (args.getFirst().maybe(Type.Kind.MAP)) {
                    yield A;
                }
                throw new Failure("cannot get " + (this == KEYS ? "keys" : "values") + " from " + args.getFirst().goName());
            }
            case TO_PAIRS -> {
                one(args);
                if (args.getFirst().maybe(Type.Kind.MAP)) {
                    yield A;
                }
                throw new Failure("cannot transform " + args.getFirst().goName() + " to pairs");
            }
            case FROM_PAIRS -> {
                one(args);
                if (args.getFirst().maybe(Type.Kind.ARRAY)) {
                    yield Type.ANY_MAP;
                }
                throw new Failure("cannot transform " + args.getFirst().goName() + " from pairs");
            }
            case REVERSE, UNIQ, FLATTEN -> {
                one(args);
                if (args.getFirst().maybe(Type.Kind.ARRAY)) {
                    yield A;
                }
                throw new Failure("cannot " + wireName + " " + args.getFirst().goName());
            }
            case CONCAT -> {
                if (args.isEmpty()) {
                    throw new Failure("invalid number of arguments (expected at least 1, got 0)");
                }
                for (Type t : args) {
                    if (!t.maybe(Type.Kind.ARRAY)) {
                        throw new Failure("cannot concat " + t.goName());
                    }
                }
                yield A;
            }
        };
    }

    private static void one(List<Type> args) {
        count(args, 1);
    }

    private static void count(List<Type> args, int expected) {
        if (args.size() != expected) {
            throw new Failure("invalid number of arguments (expected " + expected + ", got " + args.size() + ")");
        }
    }

    private Failure invalidArgument(Type t) {
        return new Failure("invalid argument for " + wireName + " (type " + t.goName() + ")");
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs this plain built-in.
     *
     * @throws Failure what expr-lang reports at run time
     */
    Object apply(List<Object> args, Budget budget) {
        return switch (this) {
            case ALL, NONE, ANY, ONE, FILTER, MAP, COUNT, SUM, FIND, FIND_INDEX, FIND_LAST, FIND_LAST_INDEX,
                 GROUP_BY, SORT_BY, REDUCE, NOW, DURATION, DATE, TIMEZONE, GET ->
                    throw new IllegalStateException(wireName + " is not a plain built-in");
            case LEN -> switch (args.getFirst()) {
                case List<?> l -> (long) l.size();
                case Map<?, ?> m -> (long) m.size();
                case String s -> {
                    budget.work(s.length());
                    yield (long) GoText.runeCount(s);
                }
                case null, default -> throw runtimeInvalid(args.getFirst());
            };
            case TYPE -> Values.typeOf(args.getFirst());
            case ABS -> switch (args.getFirst()) {
                case Long l -> l < 0 ? -l : l;
                case Double d -> d < 0 ? -d : d;
                case null, default -> throw runtimeInvalid(args.getFirst());
            };
            case CEIL, FLOOR, ROUND -> {
                double d = switch (args.getFirst()) {
                    case Long l -> (double) l;
                    case Double x -> x;
                    case null, default -> throw runtimeInvalid(args.getFirst());
                };
                yield switch (this) {
                    case CEIL -> Math.ceil(d);
                    case FLOOR -> Math.floor(d);
                    default -> round(d);
                };
            }
            case INT -> switch (args.getFirst()) {
                case Long l -> l;
                case Double d -> (long) d.doubleValue();
                case String s -> atoi(s);
                case null, default -> throw new Failure("invalid operation: int(" + Type.nameOf(args.getFirst()) + ")");
            };
            case FLOAT -> switch (args.getFirst()) {
                case Long l -> (double) l;
                case Double d -> d;
                case String s -> parseFloat(s);
                case null, default -> throw new Failure("invalid operation: float(" + Type.nameOf(args.getFirst()) + ")");
            };
            case STRING -> built(budget, Values.format(args.getFirst()));
            case TRIM -> {
                String s = string(args, 0);
                yield built(budget, args.size() == 1 ? GoText.trimSpace(s) : GoText.trim(s, string(args, 1)));
            }
            case TRIM_PREFIX -> {
                String s = string(args, 0);
                String prefix = args.size() == 2 ? string(args, 1) : " ";
                yield built(budget, s.startsWith(prefix) ? s.substring(prefix.length()) : s);
            }
            case TRIM_SUFFIX -> {
                String s = string(args, 0);
                String suffix = args.size() == 2 ? string(args, 1) : " ";
                yield built(budget, s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s);
            }
            case UPPER -> built(budget, GoText.upper(string(args, 0)));
            case LOWER -> built(budget, GoText.lower(string(args, 0)));
            case SPLIT, SPLIT_AFTER -> {
                String s = string(args, 0);
                String sep = string(args, 1);
                long n = args.size() == 3 ? Values.toInt(args.get(2)) : -1;
                budget.work(s.length());
                List<Object> parts = GoText.split(s, sep, n, this == SPLIT_AFTER);
                budget.allocate(parts.size() + s.length());
                yield Values.list(parts);
            }
            case REPLACE -> {
                String s = string(args, 0);
                long n = args.size() == 4 ? Values.toInt(args.get(3)) : -1;
                budget.work(s.length());
                yield built(budget, GoText.replace(s, string(args, 1), string(args, 2), n));
            }
            case REPEAT -> {
                String s = string(args, 0);
                long n = Values.toInt(args.get(1));
                if (n < 0) {
                    throw new Failure("invalid argument for repeat (expected positive integer, got " + n + ")");
                }
                if (n > Budget.MEMORY) {
                    throw new Failure("memory budget exceeded");
                }
                budget.allocate(s.length() * n);
                yield s.repeat((int) n);
            }
            case JOIN -> {
                if (!(args.getFirst() instanceof List<?> list)) {
                    throw new Failure("invalid argument for join (type " + Type.nameOf(args.getFirst()) + ")", 0);
                }
                String glue = args.size() == 2 ? string(args, 1) : "";
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof String s)) {
                        throw new Failure("invalid argument for join: element " + i + " is "
                                + Type.nameOf(list.get(i)) + ", not string", 0);
                    }
                    out.append(i > 0 ? glue : "").append(s);
                    budget.allocate(s.length() + glue.length());
                }
                yield out.toString();
            }
            case INDEX_OF -> work(budget, args, GoText.index(string(args, 0), string(args, 1)));
            case LAST_INDEX_OF -> work(budget, args, GoText.lastIndex(string(args, 0), string(args, 1)));
            case HAS_PREFIX -> string(args, 0).startsWith(string(args, 1));
            case HAS_SUFFIX -> string(args, 0).endsWith(string(args, 1));
            case MAX, MIN -> minMax(args, budget, 0);
            case MEAN -> {
                double[] sumAndCount = new double[2];
                mean(args, sumAndCount, budget, 0);
                yield sumAndCount[1] == 0 ? 0.0 : sumAndCount[0] / sumAndCount[1];
            }
            case MEDIAN -> {
                List<Double> values = new ArrayList<>();
                median(args, values, budget, 0);
                if (values.isEmpty()) {
                    yield 0.0;
                }
                values.sort(null);
                int n = values.size();
                yield n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
            }
            case TO_JSON -> built(budget, Values.toJson(args.getFirst()));
            case FROM_JSON -> {
                String text = string(args, 0);
                budget.work(text.length());
                budget.allocate(text.length());
                yield Values.parseJson(text, budget);
            }
            case TO_BASE64 -> built(budget, Base64.getEncoder().encodeToString(GoText.utf8(string(args, 0))));
            case FROM_BASE64 -> built(budget, fromBase64(string(args, 0)));
            case FIRST -> element(args.getFirst(), 0);
            case LAST -> element(args.getFirst(), -1);
            case TAKE -> {
                if (!(args.get(0) instanceof List<?> list)) {
                    throw new Failure("cannot take from " + kind(args.get(0)));
                }
                if (!(args.get(1) instanceof Long n)) {
                    throw new Failure("cannot take " + kind(args.get(1)) + " elements");
                }
                if (n < 0) {
                    throw new Failure("reflect: slice index out of range");
                }
                yield list.subList(0, (int) Math.min(n, list.size()));
            }
            case KEYS, VALUES -> {
                if (!(args.getFirst() instanceof Map<?, ?> map)) {
                    throw new Failure("cannot get " + (this == KEYS ? "keys" : "values") + " from " + kind(args.getFirst()));
                }
                budget.allocate(map.size());
                yield Values.list(new ArrayList<>(this == KEYS ? map.keySet() : map.values()));
            }
            case TO_PAIRS -> {
                if (!(args.getFirst() instanceof Map<?, ?> map)) {
                    throw new Failure("cannot transform " + kind(args.getFirst()) + " to pairs");
                }
                budget.allocate(3L * map.size());
                List<Object> pairs = new ArrayList<>();
                map.forEach((k, v) -> pairs.add(Values.list(Arrays.asList(k, v))));
                yield Values.list(pairs);
            }
            case FROM_PAIRS -> {
                if (!(args.getFirst() instanceof List<?> list)) {
                    throw new Failure("cannot transform " + kind(args.getFirst()) + " from pairs");
                }
                budget.allocate(list.size());
                Values.AnyKeyedMap out = new Values.AnyKeyedMap();
                for (Object pair : list) {
                    if (!(pair instanceof List<?> kv)) {
                        throw new Failure("invalid pair " + Values.format(pair));
                    }
                    if (kv.size() != 2) {
                        throw new Failure("invalid pair length " + Values.format(pair));
                    }
                    out.put(hashable(kv.get(0)), kv.get(1));
                }
                yield out;
            }
            case REVERSE -> {
                List<?> list = array(args.getFirst(), "cannot reverse ");
                budget.allocate(list.size());
                yield Values.list(new ArrayList<Object>(list.reversed()));
            }
            case UNIQ -> uniq(array(args.getFirst(), "cannot uniq "), budget);
            case CONCAT -> {
                List<Object> out = new ArrayList<>();
                for (Object arg : args) {
                    List<?> list = array(arg, "cannot concat ");
                    budget.allocate(list.size());
                    out.addAll(list);
                }
                yield Values.list(out);
            }
            case FLATTEN -> {
                List<Object> out = new ArrayList<>();
                flatten(array(args.getFirst(), "cannot flatten "), out, budget, 0);
                yield Values.list(out);
            }
            case SORT -> sort(args, budget);
            case BITAND -> bits(args, 0) & bits(args, 1);
            case BITOR -> bits(args, 0) | bits(args, 1);
            case BITXOR -> bits(args, 0) ^ bits(args, 1);
            case BITNAND -> bits(args, 0) & ~bits(args, 1);
            case BITSHL, BITSHR, BITUSHR -> {
                long x = bits(args, 0);
                long y = bits(args, 1);
                if (y < 0) {
                    throw new Failure("invalid operation: negative shift count " + y + " (type int)");
                }
                yield switch (this) {
                    case BITSHL -> y >= 64 ? 0L : x << y;
                    case BITSHR -> y >= 64 ? (x < 0 ? -1L : 0L) : x >> y;
                    default -> y >= 64 ? 0L : x >>> y;
                };
            }
            case BITNOT -> ~bits(args, 0);
        };
    }

    /** Counts a built string against the memory budget. */
    private static String built(Budget budget, String s) {
        budget.allocate(s.length());
        return s;
    }

    private static Object work(Budget budget, List<Object> args, long result) {
        budget.work(((String) args.getFirst()).length());
        return result;
    }

    private String string(List<Object> args, int i) {
        if (args.get(i) instanceof String s) {
            return s;
        }
        throw new Failure("cannot use " + Type.nameOf(args.get(i)) + " as argument (type string) to call " + wireName, i);
    }

    /** Go's {@code toInt} of the bit functions: integers only. */
    private long bits(List<Object> args, int i) {
        if (args.get(i) instanceof Long l) {
            return l;
        }
        throw new Failure("cannot use " + Type.nameOf(args.get(i)) + " as argument (type int) to call " + wireName, i);
    }

    private Failure runtimeInvalid(Object v) {
        return new Failure("invalid argument for " + wireName + " (type " + Type.nameOf(v) + ")");
    }

    private static List<?> array(Object v, String complaint) {
        if (v instanceof List<?> list) {
            return list;
        }
        throw new Failure(complaint + kind(v));
    }

    /** Go's {@code reflect.Kind} name of a value, as some built-ins print it. */
    static String kind(Object v) {
        return switch (v) {
            case null -> "invalid";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float64";
            case String s -> "string";
            case List<?> l -> "slice";
            case Map<?, ?> m -> "map";
            default -> "interface";
        };
    }

    /** Go's {@code math.Round}: half away from zero. */
    static double round(double d) {
        double t = Math.floor(Math.abs(d));
        if (Math.abs(d) - t >= 0.5) {
            t += 1;
        }
        return Math.copySign(t, d);
    }

    private static final Pattern ATOI = Pattern.compile("[+-]?[0-9]+");

    /** Go's {@code strconv.Atoi}. */
    private static long atoi(String s) {
        if (ATOI.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // out of range, as Go reports it
            }
        }
        throw new Failure("invalid operation: int(" + s + ")");
    }

    private static final Pattern GO_FLOAT = Pattern.compile("[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
            + "|0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)");
    private static final Pattern GO_SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");

    /** Go's {@code strconv.ParseFloat(s, 64)}, where a value too large for a float64 is an error. */
    private static double parseFloat(String s) {
        if (GO_SPECIAL.matcher(s).matches()) {
            String lower = s.toLowerCase(Locale.ROOT);
            return lower.contains("nan") ? Double.NaN
                    : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (GO_FLOAT.matcher(s).matches()) {
            double d = Double.parseDouble(s);
            if (!Double.isInfinite(d)) {
                return d;
            }
        }
        throw new Failure("invalid operation: float(" + s + ")");
    }

    /** Go's {@code base64.StdEncoding.DecodeString}: padding required, line breaks ignored. */
    private static String fromBase64(String s) {
        String data = s.replace("\r", "").replace("\n", "");
        try {
            if (data.length() % 4 != 0) {
                throw new IllegalArgumentException("input length is not a multiple of 4");
            }
            return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Failure("illegal base64 data: " + e.getMessage());
        }
    }

    /** {@code first} and {@code last}: an element, or nil when there is none, whatever the value. */
    private static Object element(Object v, int index) {
        return switch (v) {
            case List<?> list -> list.isEmpty() ? null : list.get(index < 0 ? list.size() - 1 : index);
            case String s -> {
                byte[] bytes = GoText.utf8(s);
                yield bytes.length == 0 ? null : (long) (bytes[index < 0 ? bytes.length - 1 : index] & 0xff);
            }
            case Values.AnyKeyedMap map -> map.get((long) index);
            case null, default -> null;
        };
    }

    /** Go map keys must be hashable: arrays and maps are not. */
    static Object hashable(Object key) {
        if (key instanceof List<?> || key instanceof Map<?, ?>) {
            throw new Failure("runtime error: hash of unhashable type " + Type.nameOf(key));
        }
        return key;
    }

    /** {@code max} and {@code min}: over numbers and (nested) arrays of numbers, keeping int or float. */
    private Object minMax(List<?> args, Budget budget, int depth) {
        Values.checkNesting(depth);
        Object best = null;
        for (Object arg : args) {
            budget.work(1);
            if (arg instanceof List<?> list) {
                for (Object element : list) {
                    budget.work(1);
                    Object candidate = element;
                    if (element instanceof List<?>) {
                        candidate = minMax(List.of(element), budget, depth + 1);
                        if (candidate == null) {
                            continue;
                        }
                    } else if (!Values.isNumber(element)) {
                        throw runtimeInvalid(element);
                    }
                    best = better(best, candidate);
                }
            } else if (Values.isNumber(arg)) {
                best = better(best, arg);
            } else if (args.size() == 1) {
                return arg;
            } else {
                throw runtimeInvalid(arg);
            }
        }
        return best;
    }

    private Object better(Object best, Object candidate) {
        if (best == null) {
            return candidate;
        }
        int c = Values.compare(best, candidate, this == MAX ? "<" : ">");
        return (this == MAX ? c < 0 : c > 0) ? candidate : best;
    }

    private void mean(List<?> args, double[] sumAndCount, Budget budget, int depth) {
        Values.checkNesting(depth);
        for (Object arg : args) {
            budget.work(1);
            switch (arg) {
                case Long l -> {
                    sumAndCount[0] += l;
                    sumAndCount[1]++;
                }
                case Double d -> {
                    sumAndCount[0] += d;
                    sumAndCount[1]++;
                }
                case List<?> list -> mean(list, sumAndCount, budget, depth + 1);
                case null, default -> throw runtimeInvalid(arg);
            }
        }
    }

    private void median(List<?> args, List<Double> values, Budget budget, int depth) {
        Values.checkNesting(depth);
        for (Object arg : args) {
            budget.work(1);
            switch (arg) {
                case Long l -> values.add((double) l);
                case Double d -> values.add(d);
                case List<?> list -> median(list, values, budget, depth + 1);
                case null, default -> throw runtimeInvalid(arg);
            }
        }
        budget.allocate(args.size());
    }

    private static void flatten(List<?> list, List<Object> out, Budget budget, int depth) {
        Values.checkNesting(depth);
        for (Object element : list) {
            budget.work(1);
            if (element instanceof List<?> inner) {
                flatten(inner, out, budget, depth + 1);
            } else {
                budget.allocate(1);
                out.add(element);
            }
        }
    }

    /**
     * {@code uniq}: the first of each group of equal elements, in order. Elements that are equal
     * have the same numeric value or are the same string or bool, so they are bucketed by that
     * and compared exactly within a bucket, without comparing every pair.
     */
    private static Object uniq(List<?> list, Budget budget) {
        Map<Object, List<Object>> buckets = new HashMap<>();
        List<Object> out = new ArrayList<>();
        for (Object element : list) {
            budget.work(1);
            Object bucket = Values.isNumber(element) ? (Object) (((Number) element).doubleValue() + 0.0)
                    : element instanceof List<?> || element instanceof Map<?, ?> ? List.class : element;
            List<Object> seen = buckets.computeIfAbsent(bucket == null ? Builtin.class : bucket, k -> new ArrayList<>());
            boolean duplicate = false;
            for (Object previous : seen) {
                budget.work(1);
                if (Values.equal(previous, element, budget)) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                seen.add(element);
                out.add(element);
            }
        }
        budget.allocate(out.size());
        return Values.list(out);
    }

    private static Object sort(List<Object> args, Budget budget) {
        boolean descending = false;
        if (args.size() == 2) {
            if (!(args.get(1) instanceof String order)) {
                throw new Failure("sort order argument must be a string (got " + Type.nameOf(args.get(1)) + ")", 1);
            }
            descending = switch (order) {
                case "asc" -> false;
                case "desc" -> true;
                default -> throw new Failure("invalid order " + order + ", expected asc or desc", 1);
            };
        }
        if (!(args.getFirst() instanceof List<?> list)) {
            return Values.list(new ArrayList<>());
        }
        budget.allocate(list.size());
        budget.work((long) list.size() * (64 - Long.numberOfLeadingZeros(list.size() + 1L)));
        List<Object> out = new ArrayList<>(list);
        Comparator<Object> order = (a, b) -> Values.compare(a, b, "<");
        try {
            out.sort(descending ? order.reversed() : order);
        } catch (IllegalArgumentException e) {
            throw new Failure("sort: the values do not have a consistent order (NaN?)");
        }
        return Values.list(out);
    }
}

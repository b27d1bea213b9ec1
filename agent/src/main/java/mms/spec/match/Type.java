package mms.spec.match;

import java.util.List;
import java.util.Map;

/**
 * Static types of the checker, as expr-lang's "natures": a kind, the element type of arrays and
 * maps, the key type of maps, and the name Go prints in messages ({@code []interface {}},
 * {@code map[string]interface {}}, ...). {@link #ANY} is expr-lang's unknown type: values from
 * {@code get_fact} and everything computed from them, checked at run time.
 *
 * @param kind what kind of value
 * @param key the key type of a map, {@code null} otherwise
 * @param element the element type of an array or map, {@code null} otherwise
 * @param goName the name in messages
 */
record Type(Kind kind, Type key, Type element, String goName) {

    enum Kind { ANY, NIL, BOOL, INT, FLOAT, STRING, ARRAY, MAP, FUNC }

    static final Type ANY = new Type(Kind.ANY, null, null, "interface {}");
    static final Type NIL = new Type(Kind.NIL, null, null, "nil");
    static final Type BOOL = new Type(Kind.BOOL, null, null, "bool");
    static final Type INT = new Type(Kind.INT, null, null, "int");
    static final Type FLOAT = new Type(Kind.FLOAT, null, null, "float64");
    static final Type STRING = new Type(Kind.STRING, null, null, "string");
    /** An array of unknown elements, {@code []interface {}}. */
    static final Type ARRAY = arrayOf(ANY);
    /** A map from strings to unknown values: map literals, JSON objects. */
    static final Type MAP = new Type(Kind.MAP, STRING, ANY, "map[string]interface {}");
    /** A map with keys of any type: {@code fromPairs}. */
    static final Type ANY_MAP = new Type(Kind.MAP, ANY, ANY, "map[interface {}]interface {}");
    /** A function value: a name of the environment or a built-in that was not called. */
    static final Type FUNC = new Type(Kind.FUNC, null, null, "func");

    /** An array whose elements have the given type; printed as Go prints {@code []interface {}}. */
    static Type arrayOf(Type element) {
        return new Type(Kind.ARRAY, null, element, "[]interface {}");
    }

    /** A typed Go slice such as the {@code []string} of {@code split} or the {@code []int} of a range. */
    static Type sliceOf(Type element) {
        return new Type(Kind.ARRAY, null, element, "[]" + element.goName());
    }

    /** The map {@code groupBy} returns: any keys, arrays of the collection's elements. */
    static Type groups(Type element) {
        return new Type(Kind.MAP, ANY, arrayOf(element), "map[interface {}][]interface {}");
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean unknown() {
        return kind == Kind.ANY;
    }

    boolean number() {
        return kind == Kind.INT || kind == Kind.FLOAT;
    }

    /** {@code true} when the value may be of kind {@code k}: it is, or it is unknown. */
    boolean maybe(Kind k) {
        return kind == k || kind == Kind.ANY;
    }

    boolean maybeNumber() {
        return number() || unknown();
    }

    /** The element type of an array or map, {@link #ANY} for anything else. */
    Type elementOrAny() {
        return element == null ? ANY : element;
    }

    /** Go's assignability as expr-lang checks arguments: same kind, or to an unknown (interface) type. */
    boolean assignableTo(Type target) {
        return target.unknown() || kind == target.kind;
    }

    /** The type of a run-time value. */
    static Type of(Object value) {
        return switch (value) {
            case null -> NIL;
            case Boolean b -> BOOL;
            case Long l -> INT;
            case Double d -> FLOAT;
            case String s -> STRING;
            case List<?> l -> ARRAY;
            case Map<?, ?> m -> Values.stringKeyed(m) ? MAP : ANY_MAP;
            default -> ANY;
        };
    }

    /** Go's {@code %T} of a run-time value, for messages; {@code <nil>} for nil. */
    static String nameOf(Object value) {
        return value == null ? "<nil>" : of(value).goName;
    }
}

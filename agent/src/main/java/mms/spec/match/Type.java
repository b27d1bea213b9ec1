package mms.spec.match;

import java.util.List;
import java.util.Map;

/** Static types of the checker, named as expr-lang (Go) prints them in messages. */
enum Type {
    ANY("interface {}"),
    BOOL("bool"),
    INT("int"),
    FLOAT("float64"),
    STRING("string"),
    NIL("nil"),
    ARRAY("[]interface {}"),
    MAP("map[string]interface {}");

    final String goName;

    Type(String goName) {
        this.goName = goName;
    }

    boolean number() {
        return this == INT || this == FLOAT;
    }

    /** The type of a runtime value. */
    static Type of(Object value) {
        return switch (value) {
            case null -> NIL;
            case Boolean b -> BOOL;
            case Long l -> INT;
            case Double d -> FLOAT;
            case String s -> STRING;
            case List<?> l -> ARRAY;
            case Map<?, ?> m -> MAP;
            default -> ANY;
        };
    }

    /** Go-style name of a runtime value's type, for messages. */
    static String nameOf(Object value) {
        return value == null ? "<nil>" : of(value).goName;
    }
}

package mms.spec.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled expression of the matcher language whose result may be of any type: what the
 * templates of Hiera documents compute ({@link Dialect#HIERA}). {@link Matcher} is the boolean
 * kind. Bounded like matchers ({@link Matcher#MAX_LENGTH}, {@link Matcher#MAX_DEPTH}, a budget per
 * evaluation). Immutable and thread-safe.
 */
public final class Expression {
    private final String expression;
    private final Node root;

    private Expression(String expression, Node root) {
        this.expression = expression;
        this.root = root;
    }

    /**
     * Parses and type-checks {@code expression} for {@code dialect}.
     *
     * @param expression the expression, not null
     * @param dialect    which functions and variables it may use, not null
     * @throws MatcherException on syntax errors, unknown names, wrong calls, impossible operand
     *     types, a blank expression, or one over the matchers' limits
     */
    public static Expression compile(String expression, Dialect dialect) throws MatcherException {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(dialect, "dialect");
        if (expression.length() > Matcher.MAX_LENGTH) {
            throw MatcherException.general("expression is " + expression.length() + " characters long, the limit is "
                    + Matcher.MAX_LENGTH, expression.substring(0, 80) + "...");
        }
        if (expression.isBlank()) {
            throw MatcherException.general("empty expression", expression);
        }
        Node root = Parser.parse(expression);
        Checker.type(expression, dialect, root);
        return new Expression(expression, root);
    }

    /**
     * Evaluates the expression.
     *
     * @param environment the node, not null
     * @return null, a {@link Boolean}, {@link Long}, {@link Double}, {@link String}, a
     *     {@link List} or a {@link Map} of such values
     * @throws MatcherException on run-time errors and an exhausted budget
     */
    public Object evaluate(MatchEnvironment environment) throws MatcherException {
        Objects.requireNonNull(environment, "environment");
        return new Evaluator(expression, environment, new ConcurrentHashMap<>()).run(root);
    }

    /** A value as Go's {@code fmt.Sprint} writes it, e.g. {@code [1 2.5 a]}, {@code map[a:1]}, {@code <nil>}. */
    public static String format(Object value) {
        return Values.format(value);
    }

    /**
     * A value as JSON, as Go's {@code encoding/json} writes it: whole floating-point numbers
     * become integers ({@code 1}, not {@code 1.0}), map keys are written as text.
     *
     * @param value a value {@link #evaluate} returns
     */
    public static JsonNode toJson(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case null -> nodes.nullNode();
            case Boolean b -> nodes.booleanNode(b);
            case Long l -> integer(l);
            case Double d -> d == Math.rint(d) && Math.abs(d) < 1e18 ? integer(d.longValue()) : nodes.numberNode(d);
            case String s -> nodes.textNode(s);
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode();
                list.forEach(v -> array.add(toJson(v)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = nodes.objectNode();
                map.forEach((k, v) -> object.set(Values.format(k), toJson(v)));
                yield object;
            }
            default -> nodes.textNode(Values.format(value));
        };
    }

    /** An integer as a JSON reader gives it: an int node when it fits, so equal values compare equal. */
    public static JsonNode integer(long value) {
        return value == (int) value ? JsonNodeFactory.instance.numberNode((int) value)
                : JsonNodeFactory.instance.numberNode(value);
    }

    /** The source text. */
    @Override
    public String toString() {
        return expression;
    }
}

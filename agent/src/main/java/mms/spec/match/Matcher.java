package mms.spec.match;

import com.google.re2j.Pattern;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled matcher expression: the {@code match} of a machines specification entry, deciding
 * whether a machine belongs on a node. {@link #compile} parses and type-checks once (errors carry
 * {@code line:column}); {@link #matches} evaluates against a node's {@link MatchEnvironment}.
 * A blank expression matches every node.
 *
 * <p>Expressions are bounded so that no specification entry can exhaust a node: at most
 * {@link #MAX_LENGTH} characters, nested at most {@link #MAX_DEPTH} levels deep (a chain of
 * {@code ||} or {@code &&} alternatives counts as one level, however long), regular expressions
 * are RE2, matched in linear time, and each evaluation has a budget of memory (1,000,000 elements
 * and characters built, expr-lang's own budget) and of work (10,000,000 steps), so ranges such as
 * {@code 1..1000000000} and nested predicates fail with an error instead of exhausting the node.
 *
 * <p>Immutable and thread-safe; compiled regular expressions are cached per matcher.
 */
public final class Matcher {

    /** The longest expression, in characters (UTF-16 units); a longer one does not compile. */
    public static final int MAX_LENGTH = 65_536;
    /**
     * How deeply an expression may nest (parentheses, operands, arguments, members); a deeper one
     * does not compile. A chain of {@code ||} or {@code &&} counts as one level.
     */
    public static final int MAX_DEPTH = 100;

    private final String expression;
    private final Dialect dialect;
    private final Node root;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private Matcher(String expression, Dialect dialect, Node root) {
        this.expression = expression;
        this.dialect = dialect;
        this.root = root;
    }

    /**
     * Compiles a matcher of the machines watcher ({@link Dialect#MACHINES}).
     *
     * @param expression the expression, not null
     * @throws MatcherException on syntax errors, unknown names, wrong calls of functions or
     *     built-ins, operand types that cannot work, invalid constant regular expressions (with the
     *     position of the pattern), a result that is not boolean, or an expression over
     *     {@link #MAX_LENGTH} characters or {@link #MAX_DEPTH} levels
     */
    public static Matcher compile(String expression) throws MatcherException {
        return compile(expression, Dialect.MACHINES);
    }

    /**
     * Compiles a matcher for the given environment.
     *
     * @param expression the expression, not null
     * @param dialect which functions are available, not null
     * @throws MatcherException as {@link #compile(String)}
     */
    public static Matcher compile(String expression, Dialect dialect) throws MatcherException {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(dialect, "dialect");
        if (expression.length() > MAX_LENGTH) {
            throw MatcherException.general("expression is " + expression.length() + " characters long, the limit for"
                    + " matchers is " + MAX_LENGTH, abbreviate(expression));
        }
        if (expression.isBlank()) {
            return new Matcher(expression, dialect, null);
        }
        Node root = Parser.parse(expression);
        Checker.check(expression, dialect, root);
        return new Matcher(expression, dialect, root);
    }

    /** Keeps an over-long expression out of exceptions that may be logged or printed. */
    private static String abbreviate(String expression) {
        return expression.substring(0, 80) + "...";
    }

    /**
     * Evaluates the matcher. Operators short-circuit ({@code &&}, {@code ||}, {@code ??},
     * {@code ?:}). A nil result (e.g. {@code get_fact('missing')} alone) is false, as in the
     * original.
     *
     * @param environment the node, not null
     * @return whether the machine belongs on the node
     * @throws MatcherException on run-time errors such as operands of the wrong type (typically
     *     from {@code get_fact}), a regular expression computed at run time that is invalid
     *     (the original logs it and answers false), an exhausted budget, or a result that is
     *     neither boolean nor nil; the machines watcher treats it as "undecided": it neither
     *     deploys nor purges the machine
     */
    public boolean matches(MatchEnvironment environment) throws MatcherException {
        Objects.requireNonNull(environment, "environment");
        if (root == null) {
            return true;
        }
        Object result = new Evaluator(expression, environment, patterns).run(root);
        if (result == null) {
            return false;
        }
        if (result instanceof Boolean b) {
            return b;
        }
        throw MatcherException.general("expected bool, but got " + Type.nameOf(result), expression);
    }

    /**
     * Parses, checks and evaluates an expression of any type: how the language's tests see the
     * values expr-lang's own tests expect.
     */
    static Object evaluate(String expression, MatchEnvironment environment) throws MatcherException {
        return evaluate(expression, environment, new Budget());
    }

    /** {@link #evaluate(String, MatchEnvironment)} within another budget. */
    static Object evaluate(String expression, MatchEnvironment environment, Budget budget) throws MatcherException {
        Node root = Parser.parse(expression);
        Checker.type(expression, Dialect.PLUGINS, root);
        return new Evaluator(expression, environment, new ConcurrentHashMap<>(), budget).run(root);
    }

    /** The source text, never null. */
    public String expression() {
        return expression;
    }

    /** The environment it was compiled for, never null. */
    public Dialect dialect() {
        return dialect;
    }

    /** The expression text. */
    @Override
    public String toString() {
        return expression;
    }
}

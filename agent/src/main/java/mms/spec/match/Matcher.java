package mms.spec.match;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A compiled matcher expression: the {@code match} of a machines specification entry, deciding
 * whether a machine belongs on a node. {@link #compile} parses and type-checks once (errors carry
 * {@code line:column}); {@link #matches} evaluates against a node's {@link MatchEnvironment}.
 * A blank expression matches every node.
 *
 * <p>Immutable and thread-safe; compiled regular expressions are cached per matcher.
 */
public final class Matcher {

    private final String expression;
    private final Dialect dialect;
    private final Node root;
    private final List<String> warnings;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private Matcher(String expression, Dialect dialect, Node root, List<String> warnings) {
        this.expression = expression;
        this.dialect = dialect;
        this.root = root;
        this.warnings = warnings;
    }

    /**
     * Compiles a matcher of the machines watcher ({@link Dialect#MACHINES}).
     *
     * @param expression the expression, not null
     * @throws MatcherException on syntax errors, unknown names, wrong calls, operand types that
     *     cannot work, or a result that is not boolean
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
        if (expression.isBlank()) {
            return new Matcher(expression, dialect, null, List.of());
        }
        Node root = Parser.parse(expression);
        return new Matcher(expression, dialect, root, Checker.check(expression, dialect, root));
    }

    /**
     * Evaluates the matcher. Operators short-circuit ({@code &&}, {@code ||}, {@code ??},
     * {@code ?:}). An invalid regular expression given to {@code identity} logs a warning and
     * yields false, as in the original.
     *
     * @param environment the node, not null
     * @return whether the machine belongs on the node
     * @throws MatcherException on run-time errors such as operands of the wrong type (typically
     *     from {@code get_fact}) or a non-boolean result; callers treat it as "does not match"
     */
    public boolean matches(MatchEnvironment environment) throws MatcherException {
        Objects.requireNonNull(environment, "environment");
        if (root == null) {
            return true;
        }
        Object result = new Evaluator(expression, environment, patterns).eval(root);
        if (result instanceof Boolean b) {
            return b;
        }
        throw MatcherException.general("expected bool, but got " + Type.nameOf(result), expression);
    }

    /** The source text, never null. */
    public String expression() {
        return expression;
    }

    /** The environment it was compiled for, never null. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Problems that compile but make part of the expression never true, e.g. an
     * {@code identity} pattern that is not a valid regular expression. Never null.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The expression text. */
    @Override
    public String toString() {
        return expression;
    }
}

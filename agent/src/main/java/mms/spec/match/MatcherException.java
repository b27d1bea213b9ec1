package mms.spec.match;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A matcher expression failed to compile or to evaluate. The message is lowercase, names the
 * problem and, when it is tied to a place in the expression, ends with {@code (line:column)}
 * (1-based, as expr-lang prints it), e.g. {@code unknown name x (1:5)}. {@link #snippet()} gives
 * the expression line with a caret under the column.
 */
public final class MatcherException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String expression;
    private final int line;
    private final int column;

    private MatcherException(String reason, String expression, int line, int column, Throwable cause) {
        super(line > 0 ? reason + " (" + line + ":" + column + ")" : reason, cause);
        this.reason = reason;
        this.expression = expression;
        this.line = line;
        this.column = column;
    }

    static MatcherException at(String reason, String expression, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < expression.length(); i++) {
            if (expression.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = expression.codePointCount(lineStart, Math.min(offset, expression.length())) + 1;
        return new MatcherException(reason, expression, line, column, null);
    }

    static MatcherException general(String reason, String expression) {
        return new MatcherException(reason, expression, 0, 0, null);
    }

    /** The problem without the position suffix, never null. */
    public String reason() {
        return reason;
    }

    /** The expression that failed, never null. */
    public String expression() {
        return expression;
    }

    /** The 1-based line of the problem, empty when it has no single place (e.g. the result type). */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The 1-based column of the problem, empty when it has no single place. */
    public OptionalInt column() {
        return line > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /**
     * The offending line and a caret under the column, expr-lang style:
     * <pre>
     *  | 1 + x
     *  | ....^
     * </pre>
     * Empty string when the problem has no position.
     */
    public String snippet() {
        if (line <= 0) {
            return "";
        }
        String text = expression.lines().skip(line - 1).findFirst().orElse("");
        return " | " + text + "\n | " + ".".repeat(Math.max(0, column - 1)) + "^";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MatcherException e && e.getMessage().equals(getMessage())
                && e.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getMessage(), expression);
    }
}

package mms.watcher.expression;

import java.util.Optional;
import mms.spec.match.Dialect;
import mms.spec.match.Matcher;
import mms.spec.match.MatcherException;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of an expression watcher: expr-lang expressions over {@code identity}
 * (the identity, a string), {@code data} (the machine data), {@code facts} and
 * {@code get_fact(query)}, compiled when the machine loads ({@link Dialect#EXPRESSION}).
 *
 * @param successWhen {@code success_when}: when true, the outcome is {@code success_when}; empty
 *                    when unset or blank
 * @param failWhen    {@code fail_when}: when true (and {@code success_when} is not), the outcome
 *                    is {@code failed_when}; empty when unset or blank. At least one is required
 */
public record ExpressionProperties(Optional<Matcher> successWhen, Optional<Matcher> failWhen) {

    /**
     * Reads and compiles the expressions.
     *
     * @throws WatcherConfigException when neither is set, or one does not compile (naming it, the
     *     position and why)
     */
    public static ExpressionProperties parse(WatcherProperties p) throws WatcherConfigException {
        Optional<Matcher> success = compile(p, "success_when");
        Optional<Matcher> fail = compile(p, "fail_when");
        if (success.isEmpty() && fail.isEmpty()) {
            throw new WatcherConfigException("properties of " + p.owner() + ": success_when or fail_when is required");
        }
        return new ExpressionProperties(success, fail);
    }

    private static Optional<Matcher> compile(WatcherProperties p, String key) throws WatcherConfigException {
        Optional<String> text = p.string(key).filter(s -> !s.isBlank());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Matcher.compile(text.get(), Dialect.EXPRESSION));
        } catch (MatcherException e) {
            throw p.bad(key, text.get(), "does not compile: " + e.getMessage());
        }
    }
}

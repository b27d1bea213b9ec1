package mms.watcher.expression;

/** The outcome of one evaluation, with the wire names of {@code previous_outcome}. */
public enum ExpressionState {
    /** {@code success_when} was true. */
    SUCCESS_WHEN("success_when"),
    /** {@code success_when} was not true and {@code fail_when} was. */
    FAILED_WHEN("failed_when"),
    /** Neither expression was true. */
    NO_MATCH("no_match"),
    /** The watcher was not active; also the state before the first evaluation. */
    SKIPPED("skipped"),
    /** An expression could not be evaluated (an operand of the wrong type, say). */
    ERROR("error");

    private final String wireName;

    ExpressionState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}

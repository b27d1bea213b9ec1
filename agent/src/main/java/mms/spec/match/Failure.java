package mms.spec.match;

/**
 * An operation failed while checking or evaluating: the checker or evaluator turns it into a
 * {@link MatcherException} at the node that ran the operation, or at its argument number
 * {@link #argument} when that is not negative. Carries no stack trace: it is an expected outcome.
 */
final class Failure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The argument the failure is about, or -1 for the operation as a whole. */
    final int argument;

    Failure(String reason) {
        this(reason, -1);
    }

    Failure(String reason, int argument) {
        super(reason, null, false, false);
        this.argument = argument;
    }
}

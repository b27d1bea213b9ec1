package mms.governor;

/** The {@code event_type} of a governor lifecycle event, with its wire name. */
public enum GovernorEventType {
    /** A slot was obtained. */
    ENTER("enter"),
    /** A slot was vacated. */
    EXIT("exit"),
    /** No slot could be obtained (any failure, as the original). */
    TIMEOUTS("timeouts"),
    /** A holder was evicted by an operator. */
    EVICTION("eviction");

    private final String wireName;

    GovernorEventType(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON value, e.g. {@code timeouts}. */
    public String wireName() {
        return wireName;
    }
}

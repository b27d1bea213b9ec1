package mms.watcher;

/** What became of a request to fire an event. */
public enum TransitionOutcome {
    /** The machine moved to a new state. */
    PERFORMED,
    /** The edge leads to the current state: nothing to do, nobody is told. */
    SAME_STATE,
    /** The event cannot fire from the current state; refused with a warning. */
    NOT_VALID,
    /** The event name was empty. */
    NONE,
    /** The machine stopped before the transition could happen. */
    STOPPED
}

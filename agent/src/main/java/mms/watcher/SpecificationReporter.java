package mms.watcher;

/**
 * Where watchers that deploy from a specification report each decision, so the agent can tell the
 * fleet which specification every node runs ({@code mms.status}). A host service, in
 * {@link WatcherServices#specifications()}; {@link #NONE} where nobody listens (tests,
 * {@code mms machine run}).
 */
@FunctionalInterface
public interface SpecificationReporter {

    /** Listens to nothing. */
    SpecificationReporter NONE = report -> { };

    /**
     * Takes one decision. Called on the watcher's thread after every decision, so it must be
     * quick and must not throw.
     *
     * @param report the decision, not null
     */
    void report(SpecificationReport report);
}

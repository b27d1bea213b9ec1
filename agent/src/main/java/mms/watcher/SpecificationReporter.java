package mms.watcher;

import java.util.Map;

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

    /**
     * Takes where this node is in the rollouts of the supervised entries of machine {@code machine}'s
     * specification (entries with a health check or a rollout plan), replacing what it said before:
     * an entry left out is no longer rolled out. Called on the watcher's thread whenever one changes,
     * and before the decision that made it change is {@link #report reported}, so that a status
     * record showing a decision also shows the rollouts it started; quick, never throws. The default
     * ignores it.
     *
     * @param machine  the name of the machine whose watcher supervises them, not null
     * @param rollouts by entry name, not null
     */
    default void rollouts(String machine, Map<String, RolloutReport> rollouts) {}
}

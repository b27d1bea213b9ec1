package mms.watcher;

import java.time.Instant;
import java.util.Optional;
import mms.spec.ManagedMachine;

/**
 * A host service for the machines watcher: whether this node may install the new version of an
 * entry with a rollout plan now, as the fleet's status records say (its wave, the earlier waves,
 * the pause, failures, a pause of the rollout). The agent's implementation reads the records of
 * its store ({@code mms.rollout}); {@link #NONE} where there is no store, so that every rollout
 * waits rather than reaching the node unpaced.
 */
@FunctionalInterface
public interface FleetRollouts {

    /** No fleet to read: every rollout waits. */
    FleetRollouts NONE = (identity, digest, entry, now) -> new RolloutGate.Wait(Optional.empty(),
            "no store to read the fleet's status records from", Optional.empty());

    /**
     * The fleet's answer for this node.
     *
     * @param identity this node's identity, not null
     * @param digest   the digest of the specification this node applies ({@code mms.spec.SpecificationDigest}),
     *                 not null
     * @param entry    the entry, with its rollout plan, not null
     * @param now      now, on the node's clock, not null
     * @return never null; a {@link RolloutGate.Wait} whenever the records cannot be read or do not
     *     tell yet
     */
    RolloutGate gate(String identity, String digest, ManagedMachine entry, Instant now);
}

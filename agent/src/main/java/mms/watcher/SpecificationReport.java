package mms.watcher;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a watcher that deploys from a specification (the {@code machines} watcher) decided about
 * the specification it read, reported after every decision through the agent's
 * {@link SpecificationReporter}.
 *
 * @param machine       the name of the machine whose watcher decided, not null
 * @param dataItem      the machine-data key the specification was read from, not null
 * @param digest        lowercase hex SHA-256 of the envelope as the node read it
 *                      ({@code mms.spec.SpecificationDigest}), not null
 * @param signer        hex public key that verified the signature; empty when not verified, not null
 * @param decided       when, on the machine's clock, not null
 * @param outcome       what the watcher did, not null
 * @param reason        why it was rejected or failed; when applied, the entries the node skipped
 *                      because it cannot use them (their machines left as they are), else empty;
 *                      not null
 * @param appliedDigest the digest of the specification the node runs now (this one when applied,
 *                      else the last one applied); empty before any was applied, not null
 * @param wanted        when applied or failed, the entries this node should run: machine name to
 *                      archive checksum, sorted by name; empty when rejected; not null
 */
public record SpecificationReport(String machine, String dataItem, String digest, Optional<String> signer,
                                  Instant decided, Outcome outcome, Optional<String> reason,
                                  Optional<String> appliedDigest, Map<String, String> wanted) {

    /** What a watcher did with a specification. */
    public enum Outcome {
        /** Trusted and valid: the machines directory now holds what it asks for this node. */
        APPLIED,
        /** Refused (unreadable, untrusted, invalid): nothing changed. */
        REJECTED,
        /** Trusted and valid, but applying it failed part way (a manager not written, a machine not purged). */
        FAILED
    }

    /** Rejects nulls; copies {@code wanted} into an unmodifiable sorted map. */
    public SpecificationReport {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(dataItem, "dataItem");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(decided, "decided");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(appliedDigest, "appliedDigest");
        wanted = Collections.unmodifiableSortedMap(new TreeMap<>(wanted));
    }
}

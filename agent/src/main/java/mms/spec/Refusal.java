package mms.spec;

import java.util.Locale;

/**
 * Why a node refused a specification, by name: in the log line, in the status record and in tests,
 * each refusal says which rule it broke. Whatever the reason, a refused specification changes
 * nothing on the node, which keeps running what it ran.
 */
public enum Refusal {
    /** Not a specification in either format: not JSON, bad base64, a malformed envelope, oversized. */
    UNREADABLE,
    /** Trusted, but {@code machines.json} (or the versioned payload) breaks a rule. */
    INVALID,
    /** No key is configured anywhere and {@code allow_unsigned} is off: nothing can be trusted. */
    NO_TRUST,
    /** It carries no signature. */
    UNSIGNED,
    /** The original's format: its one signature is malformed or does not verify with a trusted key. */
    BAD_SIGNATURE,
    /** Fewer distinct trusted keys signed it than the threshold: forged, tampered, or signed by removed keys. */
    BELOW_THRESHOLD,
    /**
     * The original's format, which carries no serial, expiry or audience, where the node's policy
     * forbids it: a trust document is in force, {@code allow_legacy} is false, or a versioned
     * specification was applied from the same place before.
     */
    LEGACY_REFUSED,
    /** Its serial is below the highest the node applied: an older specification put back. */
    ROLLBACK,
    /** Its serial is the one the node applied, but its content differs: a serial is never reused. */
    REPLAY,
    /** A newer specification that expired before the node saw it (a freeze). */
    EXPIRED,
    /**
     * The specification the node applied has expired: the node keeps running it, changes nothing
     * and reports itself stale until a newer one is published.
     */
    STALE,
    /** It is meant for other nodes: its audience is not this node's. */
    FOREIGN_AUDIENCE,
    /**
     * The trust document in the store is neither the one the node trusts nor a valid rotation of
     * it: unreadable, older, the same version with other content, or not signed by a threshold of
     * the trusted keys and of its own.
     */
    ROTATION_REFUSED,
    /**
     * The node cannot read or write the file that remembers the highest serial applied and the
     * trust it adopted, so it cannot tell a rollback from an update: it refuses rather than guess.
     */
    STATE_UNAVAILABLE;

    /** The name in logs and status records: lowercase with underscores, e.g. {@code below_threshold}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

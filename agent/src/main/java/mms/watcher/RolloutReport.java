package mms.watcher;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One node's rollout of a supervised entry's version, as its status record carries it (member
 * {@code rollout} of the machine):
 * {@code {"checksum":"…","wave":2,"state":"verifying","reason":"…","since":"2026-12-04T10:00:00Z"}}.
 *
 * @param checksum the archive checksum being rolled out, lowercase hex, not null
 * @param wave     the node's wave, 1 for the first; empty for an entry without a rollout plan, or
 *                 while the node cannot place itself (the fleet's records unknown)
 * @param state    where the node is, not null
 * @param reason   why it waits, halted, reverted or failed, naming what it waits for or the
 *                 nodes and checks concerned; empty otherwise, not null
 * @param since    when it entered this state (on its own clock), not null
 */
public record RolloutReport(String checksum, OptionalInt wave, RolloutState state, Optional<String> reason,
                            Instant since) {

    /** Rejects nulls and waves below 1. */
    public RolloutReport {
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(wave, "wave");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        if (wave.isPresent() && wave.getAsInt() < 1) {
            throw new IllegalArgumentException("waves are numbered from 1, got " + wave.getAsInt());
        }
    }
}

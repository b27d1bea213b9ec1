package mms.watcher;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fleet's status records allow one node to do about the new version of an entry with a
 * rollout plan, now ({@link FleetRollouts#gate}). Anything the node cannot know (the records
 * unreadable, nodes that have not read the specification yet) is a {@link Wait}: a node never
 * installs on a doubt.
 */
public sealed interface RolloutGate {

    /** The node's wave, from 1, when it could be placed. */
    Optional<Integer> wave();

    /**
     * The node's wave has started: it may install.
     *
     * @param number its wave
     */
    record Open(int number) implements RolloutGate {
        @Override
        public Optional<Integer> wave() {
            return Optional.of(number);
        }
    }

    /**
     * Every node taking part is done (healthy, or failed within the tolerance): the node may install
     * (a node that joins late does), and nothing will change until the fleet does.
     *
     * @param number the node's wave
     */
    record Done(int number) implements RolloutGate {
        @Override
        public Optional<Integer> wave() {
            return Optional.of(number);
        }
    }

    /**
     * Not yet.
     *
     * @param wave   the node's wave, when it could be placed
     * @param reason what it waits for, naming the waves or nodes concerned, not null
     * @param until  when only the clock stands in the way (the pause after a wave): the time it may
     *               start, unless something else changes; empty otherwise
     */
    record Wait(Optional<Integer> wave, String reason, Optional<Instant> until) implements RolloutGate {
        /** Rejects nulls. */
        public Wait {
            Objects.requireNonNull(wave, "wave");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(until, "until");
        }
    }

    /**
     * The rollout is paused ({@code "paused": true} in the plan): no node starts installing.
     *
     * @param wave   the node's wave
     * @param reason says so, naming the entry, not null
     */
    record Paused(Optional<Integer> wave, String reason) implements RolloutGate {
        /** Rejects nulls. */
        public Paused {
            Objects.requireNonNull(wave, "wave");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The rollout halted fleet-wide: more nodes failed than {@code max_failed} tolerates.
     *
     * @param wave   the node's wave
     * @param reason how many failed and which, with their reasons, not null
     */
    record Halted(Optional<Integer> wave, String reason) implements RolloutGate {
        /** Rejects nulls. */
        public Halted {
            Objects.requireNonNull(wave, "wave");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

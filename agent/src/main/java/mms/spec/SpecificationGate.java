package mms.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import mms.spec.match.MatchEnvironment;
import mms.spec.match.Matcher;
import mms.spec.match.MatcherException;

/**
 * The one gate a specification passes on a node before anything is done with it: the envelope is
 * parsed, checked against the node's {@link Trust}, its {@code machines.json} validated, and each
 * entry's matcher evaluated once against the node. What comes out is either a rejection, which
 * must change nothing, or the machines this node should run. Deciding is kept apart from doing
 * (the machines watcher reconciles its directory with the decision), so every watcher that deploys
 * from a specification shares one set of rules and no check is written twice.
 */
public final class SpecificationGate {

    private SpecificationGate() {}

    /**
     * Decides what {@code envelope} asks of this node.
     *
     * @param envelope the specification envelope JSON, not null
     * @param trust    which signatures the node accepts, not null
     * @param node     what matchers see of the node, not null
     * @return never null
     */
    public static Decision decide(String envelope, Trust trust, MatchEnvironment node) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(node, "node");
        Specification specification;
        try {
            specification = Specification.parse(envelope);
        } catch (SpecificationException e) {
            return new Decision.Unreadable(e.getMessage());
        }
        Trust.Decision trusted = trust.check(specification);
        if (trusted instanceof Trust.Decision.Refused refused) {
            return new Decision.Untrusted(refused.message());
        }
        MachinesValidation validation = MachinesValidator.validate(specification.payload());
        List<ManagedMachine> listed;
        try {
            listed = validation.orThrow();
        } catch (SpecificationException e) {
            return new Decision.Invalid(e.getMessage());
        }
        List<ManagedMachine> wanted = new ArrayList<>();
        List<Undecided> undecided = new ArrayList<>();
        for (ManagedMachine machine : listed) {
            try {
                if (Matcher.compile(machine.match()).matches(node)) {
                    wanted.add(machine);
                }
            } catch (MatcherException e) {
                undecided.add(new Undecided(machine, e.getMessage(), false));
            } catch (RuntimeException | Error e) {
                // whatever a matcher throws, even a StackOverflowError, must neither deploy nor purge
                // the machine nor stop the other entries
                undecided.add(new Undecided(machine, e.toString(), true));
            }
        }
        return new Decision.Desired(trusted, listed, wanted, undecided, validation.warnings());
    }

    /**
     * An entry whose matcher could not be evaluated on this node: its machine is left as it is,
     * neither deployed nor purged.
     *
     * @param machine    the entry, not null
     * @param reason     why, not null
     * @param unexpected whether the failure was not a matcher error (a bug, or the node's file
     *                   system misbehaving) rather than an expression that cannot be evaluated here
     */
    public record Undecided(ManagedMachine machine, String reason, boolean unexpected) {

        /** Rejects nulls. */
        public Undecided {
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** What the gate decided. */
    public sealed interface Decision {

        /**
         * The envelope is not a specification (not JSON, bad base64, oversized, ...): nothing changes.
         *
         * @param reason why, lowercase
         */
        record Unreadable(String reason) implements Decision {}

        /**
         * The node does not trust the specification (unsigned, bad or foreign signature, no key
         * configured): nothing changes.
         *
         * @param reason why, lowercase
         */
        record Untrusted(String reason) implements Decision {}

        /**
         * The specification is trusted but {@code machines.json} breaks a rule: nothing changes.
         *
         * @param reason every problem, by entry and field
         */
        record Invalid(String reason) implements Decision {}

        /**
         * The specification is accepted.
         *
         * @param trust     how it was accepted (verified by a key, or unchecked by opt-in), not null
         * @param listed    every entry, in document order
         * @param wanted    the entries whose matcher is true on this node, in document order
         * @param undecided the entries whose matcher failed on this node
         * @param warnings  validation warnings
         */
        record Desired(Trust.Decision trust, List<ManagedMachine> listed, List<ManagedMachine> wanted,
                       List<Undecided> undecided, List<Problem> warnings) implements Decision {

            /** Copies the lists. */
            public Desired {
                Objects.requireNonNull(trust, "trust");
                listed = List.copyOf(listed);
                wanted = List.copyOf(wanted);
                undecided = List.copyOf(undecided);
                warnings = List.copyOf(warnings);
            }

            /** Whether a trusted key signed it: only then may an empty list purge everything. */
            public boolean verified() {
                return trust instanceof Trust.Decision.Verified;
            }

            /** The names of every entry, in document order. */
            public List<String> names() {
                return listed.stream().map(ManagedMachine::name).toList();
            }
        }
    }
}

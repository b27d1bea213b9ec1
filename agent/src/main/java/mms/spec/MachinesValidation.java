package mms.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of {@link MachinesValidator#validate}: the entries as read and every problem found.
 *
 * <p>Tools that sign ({@code mms pack}, {@code mms spec publish}) are strict and refuse any error
 * ({@link #valid()}). A node is tolerant: it refuses the specification only for a problem of the
 * whole document ({@link #documentErrors()}), and otherwise applies the {@link #applicable()}
 * entries and leaves the machine of every {@link #skipped()} entry as it is.
 *
 * @param machines   the entries in document order, read as far as possible; only trustworthy when
 *                   {@link #valid()}; never null
 * @param errors     problems that make the specification unfit to sign, never null: those of the
 *                   whole document (no index) and those of one entry (with its index)
 * @param warnings   problems worth fixing that do not stop it working, never null
 * @param applicable the entries without a problem, in document order: what a node applies when
 *                   the document has no problem of its own; never null
 * @param skipped    the entries with a problem, in document order, each with its problems; never null
 */
public record MachinesValidation(List<ManagedMachine> machines, List<Problem> errors, List<Problem> warnings,
                                 List<ManagedMachine> applicable, List<Skipped> skipped) {

    /** Copies the lists. */
    public MachinesValidation {
        machines = List.copyOf(machines);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        applicable = List.copyOf(applicable);
        skipped = List.copyOf(skipped);
    }

    /**
     * An entry a node cannot use: it neither installs, upgrades nor purges that entry's machine.
     *
     * @param index    its position in the array, from 0
     * @param name     its name as written when it has one (even a refused one, or one that is
     *                 duplicated); empty when it has none a node can read (not an object, no
     *                 {@code name}, or not a string): then the machine it stands for is unknown
     * @param problems why, at least one, never null
     */
    public record Skipped(int index, Optional<String> name, List<Problem> problems) {

        /** Copies the list. */
        public Skipped {
            Objects.requireNonNull(name, "name");
            problems = List.copyOf(problems);
        }

        /** Every problem, joined with {@code ; }, e.g. {@code machine 1 'web': checksum: '{{x}}' is not …}. */
        public String describe() {
            return problems.stream().map(Problem::describe).collect(Collectors.joining("; "));
        }
    }

    /** True when there are no errors (warnings allowed): what signing tools require. */
    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * The problems of the document as a whole (not JSON, not a list, too large, too deep, too
     * many entries), which make a node refuse all of it; see {@link MachinesValidator}.
     */
    public List<Problem> documentErrors() {
        return errors.stream().filter(p -> p.index().isEmpty()).toList();
    }

    /**
     * The entries, or an exception listing every error.
     *
     * @throws SpecificationException when invalid; message {@code invalid machines specification: }
     *     followed by the errors joined with {@code ; }
     */
    public List<ManagedMachine> orThrow() throws SpecificationException {
        if (!valid()) {
            throw exception(errors);
        }
        return machines;
    }

    /**
     * The entries a node applies, or an exception listing the problems of the whole document.
     *
     * @throws SpecificationException when the document itself is unusable; message as {@link #orThrow()}
     */
    public List<ManagedMachine> applicableOrThrow() throws SpecificationException {
        List<Problem> document = documentErrors();
        if (!document.isEmpty()) {
            throw exception(document);
        }
        return applicable;
    }

    private static SpecificationException exception(List<Problem> problems) {
        return new SpecificationException("invalid machines specification: "
                + problems.stream().map(Problem::describe).collect(Collectors.joining("; ")));
    }
}

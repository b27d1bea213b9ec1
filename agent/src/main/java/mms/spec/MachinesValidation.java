package mms.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of {@link MachinesValidator#validate}: the entries as read and every problem found.
 *
 * @param machines the entries in document order, read as far as possible; only trustworthy when
 *     {@link #valid()}; never null
 * @param errors problems that make the specification unusable (nodes must not act on it), never null
 * @param warnings problems worth fixing that do not stop it working, never null
 */
public record MachinesValidation(List<ManagedMachine> machines, List<Problem> errors, List<Problem> warnings) {

    /** Copies the lists. */
    public MachinesValidation {
        machines = List.copyOf(machines);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** True when there are no errors (warnings allowed). */
    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * The entries, or an exception listing every error.
     *
     * @throws SpecificationException when invalid; message {@code invalid machines specification: }
     *     followed by the errors joined with {@code ; }
     */
    public List<ManagedMachine> orThrow() throws SpecificationException {
        if (!valid()) {
            throw new SpecificationException("invalid machines specification: "
                    + errors.stream().map(Problem::describe).collect(Collectors.joining("; ")));
        }
        return machines;
    }
}

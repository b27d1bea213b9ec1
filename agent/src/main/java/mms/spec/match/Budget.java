package mms.spec.match;

/**
 * What one evaluation may spend, so that no matcher can exhaust a node, whatever ranges, nested
 * predicates or string operations it combines. Memory is counted as expr-lang counts it (elements
 * of ranges, arrays, maps and the results of {@code filter}, {@code map}, {@code repeat},
 * {@code sort}, ... against a budget of {@value #MEMORY}), and also the characters of every string
 * an operation builds. Work is counted in steps: one per node evaluated, plus the elements or
 * characters an operation goes through, plus {@value #PROBE_STEPS} for each file system probe. An
 * evaluation that runs out fails with an error: the machines watcher then leaves the machine as it
 * is.
 */
final class Budget {

    /** Elements and characters an evaluation may build: expr-lang's default memory budget. */
    static final long MEMORY = 1_000_000;
    /** Steps an evaluation may take. */
    static final long STEPS = 10_000_000;
    /** Steps a file system probe ({@code has_file}, {@code has_directory}, {@code has_command}) costs. */
    static final long PROBE_STEPS = 1_000;

    private final long memoryLimit;
    private final long stepLimit;
    private long memory;
    private long steps;

    /** The budget of every evaluation. */
    Budget() {
        this(MEMORY, STEPS);
    }

    /** A budget with other limits: lets tests reach a limit without doing millions of steps. */
    Budget(long memoryLimit, long stepLimit) {
        this.memoryLimit = memoryLimit;
        this.stepLimit = stepLimit;
    }

    /** Counts {@code units} elements or characters built. */
    void allocate(long units) {
        if (units >= memoryLimit - memory) {
            throw new Failure("memory budget exceeded: the matcher builds more than " + memoryLimit
                    + " elements and characters, the limit for matchers");
        }
        memory += units;
    }

    /** Counts {@code units} steps of work. */
    void work(long units) {
        if (units > stepLimit - steps) {
            throw new Failure("evaluation budget exceeded: the matcher takes more than " + stepLimit
                    + " steps, the limit for matchers");
        }
        steps += units;
    }
}

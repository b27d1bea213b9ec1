package mms.machine;

import java.util.List;

/** A {@code machine.yaml} that cannot be used; {@link #problems()} lists every reason found. */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public ManifestException(String message, List<String> problems, Throwable cause) {
        super(message, cause);
        this.problems = List.copyOf(problems);
    }

    public ManifestException(String message) {
        this(message, List.of(message), null);
    }

    /** Every problem, each a complete sentence naming the file, field and bad value. */
    public List<String> problems() {
        return problems;
    }
}

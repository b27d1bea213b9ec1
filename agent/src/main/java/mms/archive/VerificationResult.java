package mms.archive;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of verifying a directory against a checksums file.
 *
 * @param checked  how many listed lines were checked
 * @param failures every failing file with its reason, in checksums-file order followed by unlisted
 *                 files in path order; empty when the directory verified
 */
public record VerificationResult(int checked, List<FileFailure> failures) {

    public VerificationResult {
        failures = List.copyOf(failures);
    }

    /** {@code true} when no file failed. */
    public boolean ok() {
        return failures.isEmpty();
    }

    /** {@code contents did not pass verification: 'a': missing; 'b': …}, or {@code ok}. */
    public String describe() {
        if (ok()) {
            return "ok";
        }
        return "contents did not pass verification: "
                + failures.stream().map(FileFailure::describe).collect(Collectors.joining("; "));
    }
}

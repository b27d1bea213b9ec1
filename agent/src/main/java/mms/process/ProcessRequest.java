package mms.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A process to run with {@link ProcessRunner}.
 *
 * @param command     the program and its arguments, at least the program; the program is used as
 *                    given (a bare name is searched in this JVM's {@code PATH}, as
 *                    {@link ProcessBuilder} does; see {@link ProgramLookup} to search another)
 * @param directory   the working directory; empty for this JVM's
 * @param environment the child's environment: this JVM's with variables added, or exactly the
 *                    variables given
 * @param stdio       what the child's standard streams are connected to
 * @param timeout     when present (positive), the process and its descendants are killed once it
 *                    has run this long; empty to wait for as long as it runs
 * @param disown      whether the process is not the caller's to stop: an interrupted wait leaves
 *                    it running. A disowned process has no timeout and its output is not captured
 */
public record ProcessRequest(List<String> command, Optional<Path> directory, Environment environment,
        Stdio stdio, Optional<Duration> timeout, boolean disown) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException when the command is empty, the timeout is not positive, or a
     *                                  disowned process has a timeout or captured output
     */
    public ProcessRequest {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a process needs at least a program to run");
        }
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isPresent() && !timeout.get().isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout.get());
        }
        if (disown && (timeout.isPresent() || stdio instanceof Stdio.Capture)) {
            throw new IllegalArgumentException("a disowned process has no timeout and its output is not captured");
        }
    }

    /**
     * A command run in this JVM's directory and environment, with this terminal, for as long as it
     * runs; an interrupted wait kills it.
     *
     * @param command the program and its arguments
     */
    public static ProcessRequest inheriting(List<String> command) {
        return new ProcessRequest(command, Optional.empty(), Environment.inheritedWith(Map.of()), Stdio.inherit(),
                Optional.empty(), false);
    }

    /** Where a child's standard streams go. */
    public sealed interface Stdio {
        /**
         * Standard input from {@code /dev/null}; standard output and error together into a
         * {@link CapturedOutput} that keeps the first {@code limit} bytes and counts the rest, so a
         * chatty command cannot exhaust memory.
         *
         * @param limit the most bytes kept, positive
         */
        record Capture(int limit) implements Stdio {
            /** @throws IllegalArgumentException when the limit is not positive */
            public Capture {
                if (limit <= 0) {
                    throw new IllegalArgumentException("capture limit must be positive, got " + limit);
                }
            }
        }

        /** Standard input from {@code /dev/null}; standard output and error discarded. */
        record Discard() implements Stdio {}

        /** The standard streams of this JVM: the child reads and writes the terminal. */
        record Inherit() implements Stdio {}

        /** @see Capture */
        static Stdio capture(int limit) {
            return new Capture(limit);
        }

        /** @see Discard */
        static Stdio discard() {
            return new Discard();
        }

        /** @see Inherit */
        static Stdio inherit() {
            return new Inherit();
        }
    }
}

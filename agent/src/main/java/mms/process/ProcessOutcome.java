package mms.process;

import java.time.Duration;

/** How a process run by {@link ProcessRunner} ended. */
public sealed interface ProcessOutcome {

    /** What it wrote; {@link CapturedOutput#NONE} unless its output was captured. */
    CapturedOutput output();

    /**
     * It ended by itself.
     *
     * @param exitCode its exit status; 128 + the signal number when a signal ended it
     * @param output   what it wrote
     */
    record Exited(int exitCode, CapturedOutput output) implements ProcessOutcome {}

    /**
     * It ran for longer than the request's timeout, and it and its descendants were killed.
     *
     * @param timeout the request's timeout
     * @param output  what it wrote until then
     */
    record TimedOut(Duration timeout, CapturedOutput output) implements ProcessOutcome {}
}

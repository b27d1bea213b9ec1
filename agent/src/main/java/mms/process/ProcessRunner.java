package mms.process;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mms.process.ProcessRequest.Stdio;

/**
 * Starts processes and waits for them the way mms needs everywhere it runs a command (the exec
 * watcher, {@code mms governor run}, later a nagios watcher): with an {@link Environment} and
 * a working directory, standard input from {@code /dev/null} unless the terminal is inherited,
 * output captured up to a limit, and a timeout — or an interrupted wait — that kills the process
 * and its descendants, so a check that forked a daemon does not leave it behind. A disowned
 * process is the exception: it keeps running when the wait for it is interrupted.
 */
public final class ProcessRunner {
    /** The usual capture limit: enough for a check's message, little enough for a log line. */
    public static final int DEFAULT_CAPTURE_LIMIT = 64 * 1024;
    /** How long to keep reading output after the process ended: a descendant may hold the pipe open. */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);
    private static final File NO_INPUT = new File("/dev/null");

    private ProcessRunner() {}

    /**
     * Starts a process; {@link RunningProcess#await()} waits for its outcome.
     *
     * @param request what to run, not null
     * @return the started process
     * @throws IOException when it cannot be started (no such program or directory, not executable);
     *                     the message is the JDK's, e.g. {@code Cannot run program "x": error=2, No such file or directory}
     */
    public static RunningProcess start(ProcessRequest request) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(request.command());
        request.directory().ifPresent(d -> builder.directory(d.toFile()));
        Map<String, String> environment = builder.environment();
        if (request.environment() instanceof Environment.Exactly) {
            environment.clear();
        }
        environment.putAll(request.environment().variables());
        switch (request.stdio()) {
            case Stdio.Capture _ -> builder.redirectInput(NO_INPUT).redirectErrorStream(true);
            case Stdio.Discard _ -> builder.redirectInput(NO_INPUT).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            case Stdio.Inherit _ -> builder.inheritIO();
        }
        return new RunningProcess(builder.start(), request);
    }

    /**
     * Starts a process and waits for its outcome.
     *
     * @param request what to run, not null
     * @return how it ended
     * @throws IOException          when it cannot be started
     * @throws InterruptedException when the wait is interrupted; the process and its descendants
     *                              have then been killed, unless the request disowns it
     */
    public static ProcessOutcome run(ProcessRequest request) throws IOException, InterruptedException {
        return start(request).await();
    }

    /** Kills a process and its descendants. */
    static void killTree(Process process) {
        // collect first: once the parent dies its children are re-parented and no longer found
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}

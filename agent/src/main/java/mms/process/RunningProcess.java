package mms.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import mms.process.ProcessRequest.Stdio;

/** A process started by {@link ProcessRunner#start}; {@link #await()} once for its outcome. */
public final class RunningProcess {
    private final Process process;
    private final ProcessRequest request;
    private final Optional<Capture> capture;

    RunningProcess(Process process, ProcessRequest request) {
        this.process = process;
        this.request = request;
        this.capture = request.stdio() instanceof Stdio.Capture(int limit)
                ? Optional.of(new Capture(process, limit)) : Optional.empty();
    }

    /** The operating system's process id, for the log. */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the process ends or its timeout passes, whichever comes first. On timeout it and
     * its descendants are killed. Captured output is read until the process and whatever holds
     * its output open end, or for {@link ProcessRunner#OUTPUT_GRACE} more at most.
     *
     * @return how it ended
     * @throws InterruptedException when the wait is interrupted; the process and its descendants
     *                              have then been killed, unless the request disowns it
     */
    public ProcessOutcome await() throws InterruptedException {
        boolean exited;
        try {
            if (request.timeout().isPresent()) {
                exited = process.waitFor(request.timeout().get());
            } else {
                process.waitFor();
                exited = true;
            }
        } catch (InterruptedException e) {
            if (!request.disown()) {
                ProcessRunner.killTree(process);
            }
            throw e;
        }
        if (!exited) {
            ProcessRunner.killTree(process);
        }
        CapturedOutput output = capture.isPresent() ? capture.get().finish() : CapturedOutput.NONE;
        return exited ? new ProcessOutcome.Exited(process.exitValue(), output)
                : new ProcessOutcome.TimedOut(request.timeout().orElseThrow(), output);
    }

    /** Output read on a virtual thread, keeping the first {@code limit} bytes and counting the rest. */
    private static final class Capture {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread reader;
        private long dropped;

        Capture(Process process, int limit) {
            this.limit = limit;
            this.reader = Thread.ofVirtual().name(Thread.currentThread().getName() + "#output")
                    .start(() -> drain(process.getInputStream()));
        }

        private void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        int keep = Math.max(0, Math.min(n, limit - kept.size()));
                        kept.write(buffer, 0, keep);
                        dropped += n - keep;
                    }
                }
            } catch (IOException e) {
                // the pipe closes under us when the process is killed: what was read is kept
            }
        }

        CapturedOutput finish() throws InterruptedException {
            reader.join(ProcessRunner.OUTPUT_GRACE);
            synchronized (this) {
                return new CapturedOutput(kept.toString(StandardCharsets.UTF_8), kept.size(), dropped);
            }
        }
    }
}

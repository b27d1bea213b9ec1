package mms.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import mms.process.ProcessOutcome.Exited;
import mms.process.ProcessOutcome.TimedOut;
import mms.process.ProcessRequest.Stdio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    /** Generous: the build machine is shared and loaded; these bound waits, they time nothing. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Environment NOTHING_ADDED = Environment.inheritedWith(Map.of());

    @TempDir
    Path dir;

    private static ProcessRequest captured(String script, Duration timeout) {
        return new ProcessRequest(List.of("/bin/sh", "-c", script), Optional.empty(), NOTHING_ADDED,
                Stdio.capture(ProcessRunner.DEFAULT_CAPTURE_LIMIT), Optional.of(timeout), false);
    }

    private static ProcessRequest captured(String script) {
        return captured(script, PATIENCE);
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    @Test
    void reportsTheExitCode() throws Exception {
        assertThat(ProcessRunner.run(captured("exit 0"))).isEqualTo(new Exited(0, CapturedOutput.NONE));
        assertThat(ProcessRunner.run(captured("exit 3"))).isEqualTo(new Exited(3, CapturedOutput.NONE));
    }

    @Test
    void reportsAProcessEndedBySignalAs128PlusTheSignal() throws Exception {
        assertThat(ProcessRunner.run(captured("kill -9 $$"))).isEqualTo(new Exited(137, CapturedOutput.NONE));
    }

    @Test
    void capturesStandardOutputAndErrorTogether() throws Exception {
        ProcessOutcome outcome = ProcessRunner.run(captured("echo out; echo err >&2"));
        assertThat(outcome.output().text()).isEqualTo("out\nerr\n");
        assertThat(outcome.output().kept()).isEqualTo(8);
        assertThat(outcome.output().dropped()).isZero();
    }

    @Test
    void keepsOutputUpToTheLimitAndCountsTheRest() throws Exception {
        ProcessOutcome outcome = ProcessRunner.run(captured("head -c 100000 /dev/zero | tr '\\0' a"));
        assertThat(outcome.output().kept()).isEqualTo(ProcessRunner.DEFAULT_CAPTURE_LIMIT);
        assertThat(outcome.output().text()).hasSize(ProcessRunner.DEFAULT_CAPTURE_LIMIT).matches("a+");
        assertThat(outcome.output().dropped()).isEqualTo(100_000 - ProcessRunner.DEFAULT_CAPTURE_LIMIT);
    }

    @Test
    void readsNoInputUnlessTheTerminalIsInherited() throws Exception {
        // cat would wait for ever on an open standard input
        assertThat(ProcessRunner.run(captured("cat; echo done")).output().text()).isEqualTo("done\n");
    }

    @Test
    void addsTheEnvironmentToTheInheritedOneAndRunsInTheDirectory() throws Exception {
        ProcessRequest request = new ProcessRequest(List.of("/bin/sh", "-c", "echo \"$MMS_TEST_VAR|$PATH\"; pwd"),
                Optional.of(dir), Environment.inheritedWith(Map.of("MMS_TEST_VAR", "a=b")), Stdio.capture(1024), Optional.of(PATIENCE), false);
        assertThat(ProcessRunner.run(request).output().text())
                .isEqualTo("a=b|" + System.getenv("PATH") + "\n" + dir.toRealPath() + "\n");
    }

    @Test
    void anExactEnvironmentIsAllTheChildGets() throws Exception {
        assertThat(System.getenv()).containsKey("PATH"); // so that its absence below means something
        ProcessRequest request = new ProcessRequest(List.of("/usr/bin/env"), Optional.empty(),
                Environment.exactly(Map.of("ONLY", "this")), Stdio.capture(1024), Optional.of(PATIENCE), false);
        assertThat(ProcessRunner.run(request).output().text()).isEqualTo("ONLY=this\n");
    }

    @Test
    void timeoutKillsTheProcessAndItsDescendants() throws Exception {
        Path childPid = dir.resolve("child.pid");
        ProcessOutcome outcome = ProcessRunner.run(captured(
                "sleep 60 & echo $! > " + childPid + "; echo started; wait", Duration.ofSeconds(1)));
        assertThat(outcome).isInstanceOf(TimedOut.class);
        assertThat(((TimedOut) outcome).timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(outcome.output().text()).isEqualTo("started\n");
        long child = Long.parseLong(Files.readString(childPid).strip());
        await().atMost(PATIENCE).until(() -> gone(child));
    }

    @Test
    void anInterruptedWaitKillsTheProcessTree() throws Exception {
        Path childPid = dir.resolve("child.pid");
        RunningProcess process = ProcessRunner.start(captured("sleep 60 & echo $! > " + childPid + "; wait"));
        await().atMost(PATIENCE).until(() -> Files.size(childPid) > 0);
        long child = Long.parseLong(Files.readString(childPid).strip());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                process.await();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.interrupt();
        waiter.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        await().atMost(PATIENCE).until(() -> gone(process.pid()) && gone(child));
    }

    @Test
    void anInterruptedWaitLeavesADisownedProcessRunning() throws Exception {
        Path marker = dir.resolve("marker");
        ProcessRequest request = new ProcessRequest(
                List.of("/bin/sh", "-c", "while [ ! -e " + marker + " ]; do sleep 0.05; done"),
                Optional.empty(), NOTHING_ADDED, Stdio.discard(), Optional.empty(), true);
        RunningProcess process = ProcessRunner.start(request);
        try {
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    process.await();
                } catch (InterruptedException expected) {
                    // the point of the test
                }
            });
            waiter.interrupt();
            waiter.join();
            assertThat(ProcessHandle.of(process.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            Files.createFile(marker);
            assertThat(process.await()).isEqualTo(new Exited(0, CapturedOutput.NONE));
        } finally {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void runsWithTheTerminalWhenInheriting() throws Exception {
        assertThat(ProcessRunner.run(ProcessRequest.inheriting(List.of("/bin/sh", "-c", "exit 4"))))
                .isEqualTo(new Exited(4, CapturedOutput.NONE));
    }

    @Test
    void aProgramThatCannotStartIsAnIOException() {
        assertThatThrownBy(() -> ProcessRunner.start(ProcessRequest.inheriting(List.of(dir.resolve("missing").toString()))))
                .isInstanceOf(IOException.class).hasMessageContaining("missing");
        ProcessRequest inMissingDirectory = new ProcessRequest(List.of("/bin/true"), Optional.of(dir.resolve("nowhere")),
                NOTHING_ADDED, Stdio.discard(), Optional.empty(), false);
        assertThatThrownBy(() -> ProcessRunner.start(inMissingDirectory)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsRequestsThatContradictThemselves() {
        assertThatThrownBy(() -> ProcessRequest.inheriting(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a process needs at least a program to run");
        assertThatThrownBy(() -> new ProcessRequest(List.of("/bin/true"), Optional.empty(), NOTHING_ADDED, Stdio.discard(),
                Optional.of(Duration.ZERO), false)).hasMessage("timeout must be positive, got PT0S");
        assertThatThrownBy(() -> new ProcessRequest(List.of("/bin/true"), Optional.empty(), NOTHING_ADDED, Stdio.discard(),
                Optional.of(Duration.ofSeconds(1)), true)).hasMessageContaining("disowned");
        assertThatThrownBy(() -> new ProcessRequest(List.of("/bin/true"), Optional.empty(), NOTHING_ADDED, Stdio.capture(10),
                Optional.empty(), true)).hasMessageContaining("disowned");
        assertThatThrownBy(() -> Stdio.capture(0)).hasMessage("capture limit must be positive, got 0");
    }
}

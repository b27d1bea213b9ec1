package mms.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import mms.event.MachineEvent;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.host.Host;
import mms.host.HostOptions;
import mms.json.Json;
import mms.kv.testing.LogCapture;
import mms.runtime.MachineEnvironment;
import mms.runtime.WatcherRegistry;
import mms.time.ManualTimeSource;
import mms.time.TimeSource;
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's example machine, written as for the original (exec watchers with lookup
 * templates in the command and environment, moving it between states), runs unchanged under the
 * agent host with the stock watchers, and behaves as the README says.
 */
class OriginalMachineTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path machines;
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();

    Path copyExample() throws Exception {
        Path example = Path.of(System.getProperty("user.dir")).resolveSibling("examples/machines/heartbeat");
        Path dir = Files.createDirectories(machines.resolve("heartbeat"));
        try (Stream<Path> files = Files.list(example)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return dir;
    }

    Host host(TimeSource time) {
        var facts = Json.object().put("site", "test-lab");
        return new Host(new HostOptions(machines, "node1.example.net", () -> facts, time, new Random(1), events::add,
                WatcherRegistry.discover(), List.of(), WatcherServices.NONE, Duration.ofMinutes(10)));
    }

    List<TransitionNotification> transitions() {
        return events.stream().filter(TransitionNotification.class::isInstance).map(TransitionNotification.class::cast).toList();
    }

    @Test
    void theHeartbeatExampleRunsUnchangedAndReportsItsTransitions() throws Exception {
        copyExample();
        try (Host host = host(TimeSource.system())) {
            host.start();

            // the first check, 5 s after start, passes (unknown -> healthy) or fails (stays unknown)
            // depending on this machine's load; either way check.sh ran with the fact templated in
            await().atMost(WAIT).until(() -> !transitions().isEmpty() || events.stream().anyMatch(e ->
                    e instanceof WatcherStateNotification s && s.type().equals("exec")));
        }
        if (!transitions().isEmpty()) {
            assertThat(transitions().getFirst()).satisfies(t -> {
                assertThat(t.machine()).isEqualTo("heartbeat");
                assertThat(t.transition()).isEqualTo("ok");
                assertThat(t.fromState()).isEqualTo("unknown");
                assertThat(t.toState()).isEqualTo("healthy");
                assertThat(t.identity()).isEqualTo("node1.example.net");
            });
        } else {
            assertThat(events).anySatisfy(e -> {
                WatcherStateNotification s = (WatcherStateNotification) e;
                assertThat(s.name()).isEqualTo("recheck");
                assertThat(s.data().get("previous_outcome").asText()).isEqualTo("error");
            });
        }
    }

    @Test
    void theHeartbeatExampleChecksEveryFiveSecondsWithoutTrippingStormProtection() throws Exception {
        Path dir = copyExample();
        // the same machine.yaml; a check that always passes, so this machine's load cannot change the outcome
        Files.writeString(dir.resolve("check.sh"), "#!/bin/sh\necho \"$GREETING from $1\"\n");
        Files.setPosixFilePermissions(dir.resolve("check.sh"), PosixFilePermissions.fromString("rwx------"));
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
        try (LogCapture log = LogCapture.of("mms.machine", Level.INFO); Host host = host(time)) {
            host.start();
            await().atMost(WAIT).until(() -> time.waiters() >= 2); // both exec watchers wait for their interval

            for (int i = 1; i <= 24; i++) { // two minutes
                long before = checks(log);
                time.advance(Duration.ofSeconds(5));
                await().atMost(WAIT).until(() -> checks(log) > before);
            }

            assertThat(log.messages(Level.INFO)).filteredOn(l -> l.startsWith("heartbeat#probe: output from"))
                    .hasSizeGreaterThanOrEqualTo(23).allMatch(l -> l.endsWith(": HELLO from test-lab"));
            assertThat(log.messages(Level.INFO)).noneMatch(l -> l.contains("rate limiting"));
            assertThat(transitions()).extracting(TransitionNotification::transition).containsExactly("ok");
            assertThat(host.machine("heartbeat").orElseThrow().state()).isEqualTo("healthy");
        }
    }

    /** How many times check.sh has run so far. */
    static long checks(LogCapture log) {
        return log.messages(Level.INFO).stream().filter(l -> l.startsWith("heartbeat#") && l.contains(": output from ")).count();
    }
}

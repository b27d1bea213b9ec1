package mms.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.TransitionNotification;
import mms.json.Json;
import mms.kv.testing.LogCapture;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTest {
    @TempDir
    Path machines;
    Host host;
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();

    /** Fires its success transition as soon as it is active; enough to see machines run. */
    static final class Stepper implements WatcherFactory {
        @Override
        public String type() {
            return "stepper";
        }

        @Override
        public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine) {
            return new Watcher() {
                @Override
                public WatcherSettings settings() {
                    return settings;
                }

                @Override
                public void run(WatcherRuntime runtime) throws InterruptedException {
                    while (true) {
                        if (runtime.shouldWatch()) {
                            runtime.success();
                        }
                        runtime.awaitWakeup();
                    }
                }

                @Override
                public mms.event.WatcherState currentState() {
                    return null;
                }
            };
        }
    }

    static String machine(String name, String version) {
        return """
                name: %s
                version: %s
                initial_state: start
                transitions:
                  - {name: step, from: [start], destination: running}
                watchers:
                  - {name: w, type: stepper, state_match: [start], success_transition: step}
                """.formatted(name, version);
    }

    Host start(List<CompiledMachine> compiled) throws Exception {
        EventSink sink = events::add;
        host = new Host(new HostOptions(machines, "node", Json::object, TimeSource.system(), new Random(1), sink,
                WatcherRegistry.of(List.of(new Stepper())), compiled, WatcherServices.NONE,
                Duration.ofMinutes(10))); // a long rescan: filesystem notifications must do the work
        host.start();
        return host;
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    Path write(String dir, String yaml) throws Exception {
        Path d = machines.resolve(dir);
        Files.createDirectories(d);
        Path tmp = d.resolve(".machine.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, d.resolve("machine.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return d;
    }

    Optional<Machine> running(String name) {
        return host.machine(name).filter(m -> m.state().equals("running"));
    }

    @Test
    void startsMachinesPresentAtStart() throws Exception {
        write("one", machine("one", "1.0.0"));
        start(List.of());
        await().until(() -> running("one").isPresent());
        assertThat(events).anyMatch(e -> e instanceof TransitionNotification t && t.machine().equals("one"));
    }

    @Test
    void aDroppedInMachineStartsEditedReloadsAndDeletedStops() throws Exception {
        start(List.of());
        Path dir = write("two", machine("two", "1.0.0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> running("two").isPresent());
        Machine first = host.machine("two").orElseThrow();

        write("two", machine("two", "2.0.0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> host.machine("two").map(Machine::version).orElse("").equals("2.0.0"));
        assertThat(first.isStopped()).isTrue();
        Machine second = host.machine("two").orElseThrow();
        assertThat(second.instanceId()).isNotEqualTo(first.instanceId());

        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> host.machine("two").isEmpty());
        assertThat(second.isStopped()).isTrue();
    }

    @Test
    void skipsTmpDotTempAndSymlinkedDirectories() throws Exception {
        write("tmp", machine("t1", "1.0.0"));
        write(".hidden", machine("t2", "1.0.0"));
        write("x-temp", machine("t3", "1.0.0"));
        Path real = Files.createTempDirectory("elsewhere");
        Files.writeString(real.resolve("machine.yaml"), machine("t4", "1.0.0"));
        Files.createSymbolicLink(machines.resolve("link"), real);
        write("ok", machine("t5", "1.0.0"));
        start(List.of());
        await().until(() -> host.machine("t5").isPresent());
        assertThat(host.machines()).extracting(Machine::name).containsExactly("t5");
        Files.delete(real.resolve("machine.yaml"));
        Files.delete(real);
    }

    @Test
    void aBrokenManifestDoesNotStopOthersAndLoadsOnceFixed() throws Exception {
        write("good", machine("good", "1.0.0"));
        write("bad", "name: bad\nversion: 1.0.0\n");
        start(List.of());
        await().until(() -> running("good").isPresent());
        assertThat(host.machine("bad")).isEmpty();

        write("bad", machine("bad", "1.0.0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> running("bad").isPresent());
    }

    @Test
    void aDirectoryWithoutManifestIsNotAMachineYetAndLogsNoError() throws Exception {
        Files.createDirectories(machines.resolve("pending"));
        try (LogCapture log = LogCapture.of(Host.class.getName(), Level.DEBUG)) {
            start(List.of());
            host.reconcile();

            assertThat(log.messages(Level.WARN)).isEmpty();
            assertThat(log.messagesAt(Level.DEBUG)).containsOnlyOnce(
                    machines.resolve("pending") + " has no machine.yaml, not a machine yet");

            write("pending", machine("pending", "1.0.0"));
            await().atMost(Duration.ofSeconds(20)).until(() -> running("pending").isPresent());
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
    }

    @Test
    void runsCompiledInMachinesWithADataDirectory() throws Exception {
        CompiledMachine compiled = () -> ManifestParser.parse(Path.of("compiled"), machine("builtin", "1.0.0").getBytes());
        start(List.of(compiled));
        await().until(() -> running("builtin").isPresent());
        assertThat(machines.resolve("builtin")).isDirectory();
        assertThat(Files.getPosixFilePermissions(machines.resolve("builtin")))
                .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        host.reconcile(); // the data directory is never mistaken for a file machine
        assertThat(host.machines()).hasSize(1);
    }

    @Test
    void closeStopsEveryMachine() throws Exception {
        write("a", machine("a", "1.0.0"));
        write("b", machine("b", "1.0.0"));
        start(List.of());
        await().until(() -> running("a").isPresent() && running("b").isPresent());
        List<Machine> all = host.machines();
        host.close();
        assertThat(all).allMatch(Machine::isStopped);
    }
}

package mms.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import mms.event.WatcherState;
import mms.json.Json;
import mms.runtime.Machine;
import mms.runtime.WatcherRegistry;
import mms.time.ManualTimeSource;
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

class HostRegistryTest {
    @TempDir
    Path root;
    Host host;
    final AtomicReference<WatcherRuntime> runtime = new AtomicReference<>();

    /** A watcher that parks and exposes its runtime, so the test can reach the host's services. */
    final class Idle implements WatcherFactory {
        @Override
        public String type() {
            return "idle";
        }

        @Override
        public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine) {
            return new Watcher() {
                @Override
                public WatcherSettings settings() {
                    return settings;
                }

                @Override
                public void run(WatcherRuntime rt) throws InterruptedException {
                    runtime.set(rt);
                    while (true) {
                        rt.awaitWakeup();
                    }
                }

                @Override
                public WatcherState currentState() {
                    return new WatcherState() {
                        @Override
                        public void writeTo(ObjectNode data) {}

                        @Override
                        public String text(String identity, String machine, String watcher) {
                            return "";
                        }
                    };
                }
            };
        }
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    void write(String name) throws Exception {
        Files.createDirectories(root.resolve(name));
        Files.writeString(root.resolve(name).resolve("machine.yaml"), """
                name: %s
                version: 1.0.0
                initial_state: on
                transitions:
                  - {name: off, from: [on], destination: off}
                watchers:
                  - {name: w, type: idle}
                """.formatted(name));
    }

    void startHost() throws Exception {
        host = new Host(new HostOptions(root, "node1", Json::object, new ManualTimeSource(Instant.EPOCH), new Random(1),
                e -> { }, WatcherRegistry.of(List.of(new Idle())), List.of(), WatcherServices.NONE, Duration.ofMinutes(5)));
        host.start();
    }

    @Test
    void offersAMachineRegistryToWatchers() throws Exception {
        write("a");
        startHost();

        await().until(() -> runtime.get() != null);

        assertThat(runtime.get().machine().services().machines()).isPresent();
        assertThat(runtime.get().machine().services().store()).isEmpty();
    }

    @Test
    void awaitStoppedReturnsOnceTheMachineOfAMovedDirectoryHasStoppedCompletely() throws Exception {
        write("a");
        startHost();
        Machine a = host.machine("a").orElseThrow();

        Files.move(root.resolve("a"), root.resolve(".a.parked"));

        assertThat(host.awaitStopped(root.resolve("a"), Duration.ofSeconds(30))).isTrue();
        assertThat(a.isStopped()).isTrue();
        assertThat(host.machine("a")).isEmpty();
    }

    @Test
    void awaitStoppedTimesOutWhileTheMachineStillHasItsDirectory() throws Exception {
        write("a");
        startHost();

        assertThat(host.awaitStopped(root.resolve("a"), Duration.ofMillis(400))).isFalse();
        assertThat(host.machine("a")).isPresent();
    }

    @Test
    void awaitStoppedIsImmediateForADirectoryNothingRunsFrom() throws Exception {
        startHost();

        assertThat(host.awaitStopped(root.resolve("never"), Duration.ofSeconds(30))).isTrue();
        assertThat(host.machine("never")).isEqualTo(Optional.empty());
    }
}

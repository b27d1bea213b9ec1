package mms.watcher.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.event.MachineEvent;
import mms.event.WatcherStateNotification;
import mms.host.Host;
import mms.host.HostOptions;
import mms.json.Json;
import mms.runtime.WatcherRegistry;
import mms.spec.ManagedMachine;
import mms.time.ManualTimeSource;
import mms.watcher.WatcherServices;
import mms.watcher.machines.ManagerManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager machine in a real host, as the machines watcher writes it: a new specification with a
 * changed source rewrites its {@code machine.yaml}, and the host's new instance of the machine
 * tries the new source at once, whatever the backoff of the failing old one.
 */
class ManagerReloadTest {
    @TempDir
    Path dir;
    final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();
    ArchiveServer server;
    Host host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aChangedSourceIsTriedAtOnceByTheReloadedManager() throws Exception {
        server = new ArchiveServer();
        Path machines = Files.createDirectories(dir.resolve("machines"));
        Path src = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(src.resolve("machine.yaml"), """
                name: app
                version: 1.0.0
                initial_state: idle
                transitions:
                  - {name: poke, from: [idle], destination: idle}
                watchers:
                  - {name: wait, type: timer, fail_transition: poke, properties: {timer: 1h}}
                """);
        MachineBundle app = Bundler.bundle(src, dir.resolve("out"), server.url("/repo"));
        server.serve("/repo/" + app.archive().getFileName(), Files.readAllBytes(app.archive()));
        writeManager(machines, server.url("/missing/app-1.0.0.tar.gz"), app);
        host = new Host(new HostOptions(machines, "node1", Json::object, time, new Random(1), events::add,
                WatcherRegistry.discover(), List.of(), WatcherServices.NONE, Duration.ofMinutes(5)));
        host.start();
        await().until(() -> events.stream().anyMatch(ManagerReloadTest::failed) && time.waiters() >= 1);

        // the operator fixes the source: the machines watcher rewrites the manager, the host reloads it
        writeManager(machines, app.source(), app);

        await().atMost(Duration.ofSeconds(30)).until(() -> host.machine("app").isPresent());
        assertThat(machines.resolve("app/machine.yaml")).exists();
        assertThat(server.requests.get("/missing/app-1.0.0.tar.gz").get()).isEqualTo(1);
    }

    private static boolean failed(MachineEvent event) {
        return event instanceof WatcherStateNotification w && w.machine().equals("mm_app")
                && w.state() instanceof ArchiveStateNotification a && a.previousOutcome() == ArchiveState.ERROR;
    }

    private static void writeManager(Path machines, String source, MachineBundle app) throws Exception {
        ManagedMachine entry = new ManagedMachine("app", source, "", "", app.verifyChecksum(), app.checksum(), "", "");
        Path manager = Files.createDirectories(machines.resolve(ManagerManifest.PREFIX + "app"));
        Path temp = manager.resolve("machine.yaml.new");
        Files.writeString(temp, ManagerManifest.render(entry, Duration.ofMinutes(2), machines));
        Files.move(temp, manager.resolve("machine.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

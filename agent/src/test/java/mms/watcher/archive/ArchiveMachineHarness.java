package mms.watcher.archive;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.time.ManualTimeSource;
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real machine with one archive watcher, for tests of the watcher against real sources. Source
 * and checksums come from facts, so a test publishes a new version by changing the facts
 * ({@link #use}) and moving the manual clock past the interval ({@link #nextInterval()}). The
 * machine installs {@code app} into {@code store}; subclasses offer services to it by overriding
 * {@link #services()}.
 */
abstract class ArchiveMachineHarness {

    private static final String MACHINE = """
            name: deployer
            version: 1.0.0
            initial_state: missing
            transitions:
              - {name: installed, from: [missing, failed], destination: present}
              - {name: broke, from: [missing, present], destination: failed}
            watchers:
              - name: app
                type: archive
                interval: %s
                success_transition: installed
                fail_transition: broke
                properties:
                  source: '{{ lookup "facts.source" "" }}'
                  checksum: '{{ lookup "facts.checksum" "" }}'
                  verify: SHA256SUMS
                  verify_checksum: '{{ lookup "facts.verify" "" }}'
                  creates: app
                  target: ../store
            %s
            """;

    @TempDir
    Path dir;
    final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();
    /** Every run the watcher reported, published or not. */
    final List<WatcherStateNotification> runs = new CopyOnWriteArrayList<>();
    final AtomicReference<ObjectNode> facts = new AtomicReference<>(Json.object());
    /** Where the machine installs: {@code <store>/app}. */
    Path store;
    Machine machine;

    @BeforeEach
    void prepareStore() {
        store = dir.resolve("store");
    }

    /** What the machine is offered; nothing unless overridden. */
    WatcherServices services() {
        return WatcherServices.NONE;
    }

    /** Stops the machine if it runs; subclasses call it first when they close what it reads from. */
    @AfterEach
    void stopMachine() {
        if (machine != null) {
            machine.stop();
            machine = null;
        }
    }

    /**
     * Bundles version {@code version} of machine 'app', whose run.sh prints {@code content}, with
     * sources under {@code sourceBase}; the caller puts the archive there.
     */
    MachineBundle bundle(String version, String content, String sourceBase) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + version).resolve("app"));
        Files.writeString(src.resolve("machine.yaml"), "name: app\nversion: " + version + "\n");
        Files.createDirectories(src.resolve("bin"));
        Files.writeString(src.resolve("bin/run.sh"), "#!/bin/sh\necho " + content + "\n");
        return Bundler.bundle(src, dir.resolve("out-" + version), sourceBase);
    }

    void use(String source, String checksum, String verify) {
        ObjectNode f = Json.object();
        f.put("source", source);
        f.put("checksum", checksum);
        f.put("verify", verify);
        facts.set(f);
    }

    void use(MachineBundle bundle) {
        use(bundle.source(), bundle.checksum(), bundle.verifyChecksum());
    }

    /** Starts the machine, with {@code extra} YAML appended to the watcher (e.g. more properties). */
    void load(String extra) throws Exception {
        load("10s", extra);
    }

    /** Starts the machine with the archive watcher's {@code interval} and {@code extra} YAML appended to it. */
    void load(String interval, String extra) throws Exception {
        Path machineDir = Files.createDirectories(dir.resolve("deployer"));
        Files.writeString(machineDir.resolve("machine.yaml"), MACHINE.formatted(interval, extra));
        EventSink sink = new EventSink() {
            @Override
            public void publish(MachineEvent event) {
                events.add(event);
            }

            @Override
            public void ran(WatcherStateNotification run) {
                runs.add(run);
            }
        };
        MachineEnvironment env = new MachineEnvironment("node1", facts::get, time, new Random(1), sink,
                name -> Optional.empty(), n -> { }, services());
        machine = new MachineLoader(WatcherRegistry.discover()).load(ManifestParser.read(machineDir), machineDir, true, env);
        machine.start();
    }

    List<String> outcomes() {
        return events.stream().filter(e -> e instanceof WatcherStateNotification)
                .map(e -> ((WatcherStateNotification) e).data().get("previous_outcome").asText()).toList();
    }

    List<String> transitions() {
        return events.stream().filter(e -> e instanceof TransitionNotification)
                .map(e -> ((TransitionNotification) e).transition()).toList();
    }

    /** Waits until the outcomes are {@code expected} and the watcher is parked on the clock. */
    void settle(String... expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(outcomes()).containsExactly(expected);
            assertThat(time.waiters()).isEqualTo(1);
        });
    }

    /** Lets the interval pass (and the storm-protection quiet minute, so transitions never wait). */
    void nextInterval() {
        time.advance(Duration.ofSeconds(61));
    }

    /** The installed run.sh. */
    String installed() throws Exception {
        return Files.readString(store.resolve("app/bin/run.sh"));
    }
}

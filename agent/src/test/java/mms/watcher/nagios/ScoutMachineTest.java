package mms.watcher.nagios;

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
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.time.ManualTimeSource;
import mms.watcher.AgentHealth;
import mms.watcher.GaugeSink;
import mms.watcher.Monitoring;
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Scout check machine as the original's Puppet module writes it, run by the real machine runtime. */
class ScoutMachineTest {
    /** {@code choria::scout_check { "heartbeat": builtin => "heartbeat" }}, as the module renders it. */
    static final String SCOUT_CHECK = """
            name: heartbeat
            version: 1.0.0
            initial_state: UNKNOWN
            watchers:
              - name: check
                type: nagios
                interval: 5m
                state_match: [UNKNOWN, OK, WARNING, CRITICAL]
                properties:
                  builtin: heartbeat
                  gossfile: ""
            transitions:
              - {name: UNKNOWN, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: UNKNOWN}
              - {name: OK, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: OK}
              - {name: WARNING, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: WARNING}
              - {name: CRITICAL, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: CRITICAL}
              - {name: FORCE_CHECK, from: [UNKNOWN, OK, WARNING, CRITICAL], destination: FORCE_CHECK}
              - {name: MAINTENANCE, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: MAINTENANCE}
              - {name: RESUME, from: [MAINTENANCE], destination: FORCE_CHECK}
            """;

    @TempDir
    Path dir;

    @Test
    void forceCheckChecksAndTheStatusBecomesTheMachinesState() throws Exception {
        Path machineDir = Files.createDirectory(dir.resolve("heartbeat"));
        Path textfiles = Files.createDirectory(dir.resolve("textfiles"));
        Files.writeString(machineDir.resolve("machine.yaml"), SCOUT_CHECK);
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
        List<MachineEvent> events = new CopyOnWriteArrayList<>();
        EventSink sink = events::add;
        WatcherServices services = WatcherServices.NONE.withMonitoring(new Monitoring(Optional.of(textfiles),
                Optional.empty(), AgentHealth.NONE, GaugeSink.NONE));
        MachineEnvironment env = new MachineEnvironment("node1", Json::object, time, new Random(1), sink,
                name -> Optional.empty(), notification -> { }, services);
        Machine machine = new MachineLoader(WatcherRegistry.discover()).load(ManifestParser.read(machineDir), machineDir,
                true, env);
        Path file = textfiles.resolve(NagiosTextFile.NAME);
        try {
            machine.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));

            machine.transition("FORCE_CHECK");
            // the check's OK follows FORCE_CHECK at once: storm protection holds it for a moment of the
            // machine's clock, so the clock moves on until the machine is there
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                time.advance(Duration.ofMillis(100));
                return machine.state().equals("OK");
            });

            WatcherStateNotification checked = events.stream().filter(e -> e instanceof WatcherStateNotification)
                    .map(e -> (WatcherStateNotification) e).findFirst().orElseThrow();
            assertThat(checked.type()).isEqualTo("nagios");
            assertThat(((NagiosStateNotification) checked.state()).status()).isEqualTo(NagiosStatus.OK);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(file)
                    .contains("choria_machine_nagios_watcher_status{name=\"heartbeat\",status=\"OK\"} 0"));
        } finally {
            machine.stop();
        }
        assertThat(Files.readString(file)).doesNotContain("name=\"heartbeat\"");
    }
}

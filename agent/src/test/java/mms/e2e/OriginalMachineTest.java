package mms.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import mms.runtime.MachineEnvironment;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example machine, written as for the original (timer and exec watchers moving it between
 * states, lookup templates in the exec command and environment), runs unchanged under the agent
 * host with the stock watchers, and its transitions appear as events.
 */
class OriginalMachineTest {

    @Test
    void theHeartbeatExampleRunsUnchangedAndReportsItsTransitions(@TempDir Path machines) throws Exception {
        Path example = Path.of(System.getProperty("user.dir")).resolveSibling("examples/machines/heartbeat");
        Path dir = Files.createDirectories(machines.resolve("heartbeat"));
        try (Stream<Path> files = Files.list(example)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        List<MachineEvent> events = new CopyOnWriteArrayList<>();
        var facts = Json.object().put("site", "test-lab");
        try (Host host = new Host(new HostOptions(machines, "node1.example.net", () -> facts, TimeSource.system(),
                new Random(1), events::add, WatcherRegistry.discover(), List.of(),
                MachineEnvironment.ServiceLookup.none(), Duration.ofMinutes(10)))) {
            host.start();

            // unknown -(timer 5s)-> checking -(exec)-> idle or failing, depending on this machine's load
            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().anyMatch(e ->
                    e instanceof TransitionNotification t && t.fromState().equals("checking")));
        }
        List<TransitionNotification> transitions = events.stream()
                .filter(TransitionNotification.class::isInstance).map(TransitionNotification.class::cast).toList();
        assertThat(transitions.get(0)).satisfies(t -> {
            assertThat(t.machine()).isEqualTo("heartbeat");
            assertThat(t.transition()).isEqualTo("check");
            assertThat(t.fromState()).isEqualTo("unknown");
            assertThat(t.toState()).isEqualTo("checking");
            assertThat(t.identity()).isEqualTo("node1.example.net");
        });
        assertThat(transitions.get(1).transition()).isIn("ok", "failed");
        // the exec watcher ran check.sh with the fact templated into its command line
        assertThat(events).anySatisfy(e -> {
            assertThat(e).isInstanceOf(WatcherStateNotification.class);
            WatcherStateNotification s = (WatcherStateNotification) e;
            assertThat(s.type()).isEqualTo("exec");
            assertThat(s.data().get("previous_outcome").asText()).isIn("success", "error");
        });
    }
}

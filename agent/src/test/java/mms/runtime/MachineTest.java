package mms.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.machine.ManifestParser;
import mms.time.ManualTimeSource;
import mms.watcher.TransitionOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {
    private static final String MACHINE = """
            name: door
            version: 1.0.0
            initial_state: closed
            transitions:
              - name: open
                from: [closed]
                destination: opened
              - name: close
                from: [opened]
                destination: closed
              - name: poke
                from: [opened]
                destination: opened
            watchers:
              - name: watch
                type: probe
              - name: only_open
                type: probe
                state_match: [opened]
            """;

    @TempDir
    Path dir;
    final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
    final RecordingSink sink = new RecordingSink();
    final List<TransitionNotification> delivered = new CopyOnWriteArrayList<>();
    Machine machine;

    @AfterEach
    void stop() {
        if (machine != null) {
            machine.stop();
        }
        ProbeWatcher.ALL.clear();
    }

    Machine load(String yaml) throws Exception {
        Files.writeString(dir.resolve("machine.yaml"), yaml);
        MachineEnvironment env = new MachineEnvironment("node1", Json::object, time, new Random(1), sink,
                name -> Optional.empty(), delivered::add, MachineEnvironment.ServiceLookup.none());
        machine = new MachineLoader(WatcherRegistry.of(List.of(new ProbeWatcher.Factory())))
                .load(ManifestParser.read(dir), dir, true, env);
        return machine;
    }

    ProbeWatcher probe(String name) {
        return ProbeWatcher.ALL.stream().filter(p -> p.settings.name().equals(name)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void startsInTheInitialStateAndMovesAlongEdges() throws Exception {
        load(MACHINE);
        assertThat(machine.state()).isEqualTo("closed");
        assertThat(machine.availableTransitions()).containsExactly("open");

        assertThat(machine.transition("open")).isEqualTo(TransitionOutcome.PERFORMED);

        assertThat(machine.state()).isEqualTo("opened");
        assertThat(sink.transitions()).containsExactly("open");
        TransitionNotification n = (TransitionNotification) sink.events.getFirst();
        assertThat(n.fromState()).isEqualTo("closed");
        assertThat(n.toState()).isEqualTo("opened");
        assertThat(n.identity()).isEqualTo("node1");
        assertThat(n.id()).isEqualTo(machine.instanceId());
        assertThat(delivered).containsExactly(n);
    }

    @Test
    void refusesATransitionThatCannotFireFromTheCurrentState() throws Exception {
        load(MACHINE);
        assertThat(machine.transition("close")).isEqualTo(TransitionOutcome.NOT_VALID);
        assertThat(machine.transition("nonsense")).isEqualTo(TransitionOutcome.NOT_VALID);
        assertThat(machine.transition("")).isEqualTo(TransitionOutcome.NONE);
        assertThat(machine.state()).isEqualTo("closed");
        assertThat(sink.events).isEmpty();
    }

    @Test
    void aTransitionToTheSameStateIsANoOpThatTellsNobody() throws Exception {
        load(MACHINE);
        machine.transition("open");
        sink.events.clear();
        time.advance(Duration.ofMinutes(2)); // past storm protection
        assertThat(machine.transition("poke")).isEqualTo(TransitionOutcome.SAME_STATE);
        assertThat(machine.state()).isEqualTo("opened");
        assertThat(sink.events).isEmpty();
    }

    @Test
    void watchersRunAtStartAndWakeOnStateChangesHonouringStateMatch() throws Exception {
        load(MACHINE);
        machine.start();
        ProbeWatcher watch = probe("watch");
        ProbeWatcher onlyOpen = probe("only_open");
        await().until(() -> watch.runs.get() >= 1 && onlyOpen.runs.get() >= 1);
        // only_open is inactive in 'closed': it neither reports nor publishes
        assertThat(sink.events).noneMatch(e -> e instanceof WatcherStateNotification s && s.name().equals("only_open"));

        machine.transition("open");

        await().until(() -> onlyOpen.seenStates.contains("opened"));
        await().until(() -> sink.events.stream().anyMatch(e -> e instanceof WatcherStateNotification s
                && s.name().equals("only_open")));
    }

    @Test
    void successOutcomeFiresTheSuccessTransition() throws Exception {
        load("""
                name: auto
                version: 1.0.0
                initial_state: a
                transitions:
                  - {name: next, from: [a], destination: b}
                watchers:
                  - name: w
                    type: probe
                    state_match: [a]
                    success_transition: next
                    properties: {outcome: success}
                """);
        machine.start();
        await().until(() -> machine.state().equals("b"));
        assertThat(sink.transitions()).containsExactly("next");
    }

    @Test
    void stopWaitsForEveryWatcherLoopAndClosesTheWatchers() throws Exception {
        load(MACHINE);
        machine.start();
        await().until(() -> probe("watch").running && probe("only_open").running);

        machine.stop();

        assertThat(ProbeWatcher.ALL).allSatisfy(p -> {
            assertThat(p.running).isFalse();
            assertThat(p.closed).isTrue();
        });
        assertThat(machine.transition("open")).isEqualTo(TransitionOutcome.STOPPED);
    }

    @Test
    void splayStartDelaysTheWatchersOnceOnTheMachineClock() throws Exception {
        load(MACHINE + "splay_start: 30\n");
        machine.start();
        machine.start();
        await().until(() -> time.waiters() == 1);
        assertThat(probe("watch").runs.get()).isZero();

        time.advance(Duration.ofSeconds(30));

        await().until(() -> probe("watch").runs.get() == 1);
        assertThat(ProbeWatcher.ALL).hasSize(2); // started once: no second set of loops
        assertThat(machine.startTime()).isPresent();
    }

    @Test
    void rapidTransitionsAreSlowedByStormProtection() throws Exception {
        load(MACHINE);
        assertThat(machine.transition("open")).isEqualTo(TransitionOutcome.PERFORMED);
        // the second transition within the quiet minute waits on the machine clock
        Thread second = Thread.ofVirtual().start(() -> {
            try {
                machine.transition("close");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> time.waiters() == 1);
        assertThat(machine.state()).isEqualTo("opened");
        time.advance(Duration.ofMillis(40));
        second.join(Duration.ofSeconds(30));
        assertThat(machine.state()).isEqualTo("closed");
    }

    @Test
    void aQuietMinuteResetsStormProtection() throws Exception {
        load(MACHINE);
        machine.transition("open");
        time.advance(Duration.ofMinutes(2));
        // no wait: the counter was reset by the quiet period
        assertThat(machine.transition("close")).isEqualTo(TransitionOutcome.PERFORMED);
    }

    @Test
    void stoppingDuringStormBackoffAbandonsTheTransition() throws Exception {
        load(MACHINE);
        machine.transition("open");
        var outcome = new java.util.concurrent.atomic.AtomicReference<TransitionOutcome>();
        Thread second = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(machine.transition("close"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> time.waiters() == 1);
        machine.stop();
        second.join(Duration.ofSeconds(30));
        assertThat(outcome.get()).isEqualTo(TransitionOutcome.STOPPED);
        assertThat(machine.state()).isEqualTo("opened");
    }

    @Test
    void aDataChangeWakesOtherWatchersThatAskedForIt() throws Exception {
        load("""
                name: data
                version: 1.0.0
                initial_state: a
                transitions:
                  - {name: next, from: [a], destination: b}
                watchers:
                  - name: reader
                    type: probe
                    properties: {data_wakeups: true}
                  - name: deaf
                    type: probe
                """);
        machine.start();
        ProbeWatcher reader = probe("reader");
        ProbeWatcher deaf = probe("deaf");
        await().until(() -> reader.runs.get() == 1 && deaf.runs.get() == 1);

        machine.transition("next"); // wakes both
        await().until(() -> reader.runs.get() == 2 && deaf.runs.get() == 2);

        // a write through the data store from another writer wakes only the reader
        java.lang.reflect.Field f = Machine.class.getDeclaredField("data");
        f.setAccessible(true);
        ((mms.machine.MachineData) f.get(machine)).put("k", new TextNode("v"), "someone");

        await().until(() -> reader.runs.get() == 3);
        assertThat(deaf.runs.get()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("machine_data.json"), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void subscriptionsFireOwnTransitionsOnOtherMachinesEvents() throws Exception {
        load("""
                name: follower
                version: 1.0.0
                initial_state: idle
                transitions:
                  - name: follow
                    from: [idle]
                    destination: following
                    subscribe:
                      - {machine_name: leader, event: go}
                watchers:
                  - {name: w, type: probe}
                """);
        machine.onTransition(new TransitionNotification("n", "id", "1", 0, "leader", "go", "x", "y"));
        assertThat(machine.state()).isEqualTo("following");
        machine.onTransition(new TransitionNotification("n", "id", "1", 0, "other", "go", "x", "y"));
        assertThat(machine.state()).isEqualTo("following");
    }
}

package mms.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

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
    final Logger machineLog = (Logger) LoggerFactory.getLogger("mms.machine");
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        machineLog.addAppender(logged);
    }

    @AfterEach
    void stop() {
        if (machine != null) {
            machine.stop();
        }
        ProbeWatcher.ALL.clear();
        machineLog.detachAppender(logged);
    }

    List<ILoggingEvent> errors() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    Machine load(String yaml) throws Exception {
        Files.writeString(dir.resolve("machine.yaml"), yaml);
        MachineEnvironment env = new MachineEnvironment("node1", Json::object, time, new Random(1), sink,
                name -> Optional.empty(), delivered::add, WatcherServices.NONE);
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
    void aFactsChangeWakesTheWatchersThatReadFacts() throws Exception {
        load("""
                name: facts
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
        await().until(() -> reader.runs.get() == 1 && deaf.runs.get() == 1 && time.waiters() == 2);

        machine.factsChanged();

        await().until(() -> reader.runs.get() == 2);
        assertThat(deaf.runs.get()).isEqualTo(1);
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

    /** One watcher, and machine data on disk, so a test can show a failing watcher leaves both alone. */
    private static final String ONE_WATCHER = """
            name: door
            version: 1.0.0
            initial_state: closed
            transitions:
              - {name: open, from: [closed], destination: opened}
            watchers:
              - {name: watch, type: probe}
            """;

    static List<Throwable> unexpectedFailures() {
        return List.of(new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached"),
                new IllegalStateException("a bug in the watcher"));
    }

    @ParameterizedTest
    @MethodSource("unexpectedFailures")
    void aWatcherRunThatFailsIsReportedAndRunAgainLeavingTheMachineUntouched(Throwable failure) throws Exception {
        Files.writeString(dir.resolve("machine_data.json"), "{\"k\":\"v\"}");
        load(ONE_WATCHER);
        ProbeWatcher watch = probe("watch");
        watch.failures.add(failure);
        Instant failedAt = time.instant();

        machine.start();

        // reported: an ERROR with the stack trace, the watcher's state published, the failure kept for status
        await().until(() -> time.waiters() == 1 && !machine.watcherFailures().isEmpty());
        assertThat(errors()).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).contains("door#watch: watcher failed, running it again in ")
                    .contains(failure.toString());
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo(failure.getMessage());
        });
        assertThat(sink.events).anyMatch(e -> e instanceof WatcherStateNotification s && s.name().equals("watch"));
        assertThat(machine.watcherFailures()).containsExactly(
                new WatcherFailure("watch", failure.toString(), failedAt, 1, failedAt));
        assertThat(watch.starts.get()).isEqualTo(1);

        // run again after the backoff (about a second), in a machine that did not move
        time.advance(Machine.WATCHER_RESTART.steps().getFirst());
        await().until(() -> watch.starts.get() == 2 && watch.runs.get() == 2 && time.waiters() == 1);
        assertThat(machine.state()).isEqualTo("closed");
        assertThat(machine.data()).isEqualTo(Json.mapper().readTree("{\"k\":\"v\"}"));
        assertThat(Files.readString(dir.resolve("machine_data.json"))).isEqualTo("{\"k\":\"v\"}");
        assertThat(sink.transitions()).isEmpty();

        // and working: it sees the next state change
        machine.transition("open");
        await().until(() -> watch.seenStates.contains("opened"));
    }

    @Test
    void aFailureThatRepeatsIsLoggedOnceThenAsAReminderEveryTenMinutes() throws Exception {
        load(ONE_WATCHER);
        ProbeWatcher watch = probe("watch");
        for (int i = 0; i < 11; i++) {
            watch.failures.add(new IllegalStateException("still broken"));
        }
        machine.start();

        // the restart waits never exceed a minute, so each minute brings one more failing run
        for (int run = 1; run <= 11; run++) {
            int expected = run;
            await().until(() -> watch.runs.get() == expected && time.waiters() == 1);
            time.advance(Duration.ofMinutes(1));
        }
        await().until(() -> watch.runs.get() == 12 && time.waiters() == 1);

        assertThat(errors()).hasSize(2);
        assertThat(errors().getFirst().getThrowableProxy()).isNotNull();
        assertThat(errors().getLast().getFormattedMessage())
                .contains("door#watch: watcher still failing (11 times since 2026-01-01T00:00:00Z)")
                .contains("java.lang.IllegalStateException: still broken");
        assertThat(errors().getLast().getThrowableProxy()).isNull();
        assertThat(machine.watcherFailures()).singleElement().satisfies(f -> {
            assertThat(f.times()).isEqualTo(11);
            assertThat(f.at()).isEqualTo(Instant.parse("2026-01-01T00:10:00Z"));
        });
    }

    @Test
    void aDifferentFailureIsLoggedAtOnce() throws Exception {
        load(ONE_WATCHER);
        ProbeWatcher watch = probe("watch");
        watch.failures.add(new IllegalStateException("one"));
        watch.failures.add(new IllegalStateException("one"));
        watch.failures.add(new IllegalArgumentException("two"));
        machine.start();

        for (int run = 1; run <= 3; run++) {
            int expected = run;
            await().until(() -> watch.runs.get() == expected && time.waiters() == 1);
            time.advance(Duration.ofMinutes(1));
        }

        await().until(() -> watch.runs.get() == 4);
        assertThat(errors()).map(ILoggingEvent::getFormattedMessage).hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("IllegalStateException: one"))
                .anySatisfy(m -> assertThat(m).contains("IllegalArgumentException: two"));
    }

    @Test
    void stoppingTheMachineEndsAWatcherWaitingToRunAgain() throws Exception {
        load(ONE_WATCHER);
        ProbeWatcher watch = probe("watch");
        watch.failures.add(new IllegalStateException("broken"));
        machine.start();
        await().until(() -> time.waiters() == 1 && !machine.watcherFailures().isEmpty());

        machine.stop();

        assertThat(time.waiters()).isZero();
        assertThat(watch.starts.get()).isEqualTo(1);
        assertThat(watch.closed).isTrue();
        assertThat(logged.list).map(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("did not stop"));
    }
}

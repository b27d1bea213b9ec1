package mms.watcher.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mms.json.Json;
import mms.watcher.FakeMachine;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimerWatcherTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void patience() {
        // the build machine is shared and loaded: conditions get time, never sleeps
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    private static WatcherSettings settings(String success) {
        return FakeMachine.settings("t", "timer", List.of("A"), "expired", success, Duration.ZERO);
    }

    private static TimerWatcher timer(Map<String, Object> props) throws WatcherConfigException {
        return (TimerWatcher) new TimerWatcherFactory().create(settings(""),
                new WatcherProperties("timer watcher 't'", props), new MachineInfo("m", "1.0.0", Path.of("/tmp")));
    }

    private static TimerState state(FakeMachine.Run run) {
        return ((TimerStateNotification) run.lastPublished()).state();
    }

    @Test
    void runsWhileActiveAndFiresFailTransitionOnExpiry() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A").edge("expired", "B");
        try (var run = machine.start(timer(Map.of("timer", "10s")))) {
            await().until(() -> run.published().size() == 1);
            assertThat(state(run)).isEqualTo(TimerState.RUNNING);
            run.awaitParked();
            machine.clock().advance(Duration.ofSeconds(9));
            machine.clock().advance(Duration.ofSeconds(1));
            await().until(() -> run.failures() == 1);
            assertThat(state(run)).isEqualTo(TimerState.STOPPED);
            assertThat(machine.transitions()).containsExactly("expired");
            assertThat(machine.state()).isEqualTo("B");
            assertThat(run.published()).hasSize(2);
            assertThat(run.successes()).isZero();
        }
    }

    @Test
    void wakeUpWhileActiveRestartsTheTimer() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(timer(Map.of("timer", "10s")))) {
            await().until(() -> run.published().size() == 1);
            run.awaitParked();
            machine.clock().advance(Duration.ofSeconds(6));
            run.wakeupAndSettle();
            assertThat(run.published()).hasSize(2);
            assertThat(run.logText()).contains("INFO timer was running, resetting to 10s");
            // 12s after the first start, 6s after the restart: the old deadline must be gone
            machine.clock().advance(Duration.ofSeconds(6));
            run.wakeupAndSettle();
            assertThat(run.published()).extracting(s -> ((TimerStateNotification) s).state())
                    .containsExactly(TimerState.RUNNING, TimerState.RUNNING, TimerState.RUNNING);
            assertThat(run.failures()).isZero();
            machine.clock().advance(Duration.ofSeconds(10));
            await().until(() -> run.failures() == 1);
        }
    }

    @Test
    void leavingTheWatchedStatesStopsTheTimerEarlyWithoutTransition() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(timer(Map.of("timer", "10s")))) {
            await().until(() -> run.published().size() == 1);
            machine.state("B");
            await().until(() -> run.published().size() == 2);
            assertThat(state(run)).isEqualTo(TimerState.STOPPED);
            assertThat(run.logText()).contains("INFO stopping timer early on state transition to B");
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(1));
            run.wakeupAndSettle();
            assertThat(run.failures()).isZero();
            assertThat(run.published()).hasSize(2);
        }
    }

    @Test
    void doesNothingWhileInactive() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "B");
        try (var run = machine.start(timer(Map.of("timer", "1s")))) {
            run.wakeupAndSettle();
            machine.clock().advance(Duration.ofMinutes(1));
            run.wakeupAndSettle();
            assertThat(run.published()).isEmpty();
            assertThat(run.failures()).isZero();
        }
    }

    @Test
    void splayShortensTheTimerOnceAtStart() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(timer(Map.of("timer", "1h", "splay", true)))) {
            await().until(() -> run.published().size() == 1);
            Duration splayed = ((TimerStateNotification) run.lastPublished()).timer();
            assertThat(splayed).isLessThan(Duration.ofHours(1)).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(run.logText()).anyMatch(l -> l.startsWith("INFO adjusting timer to ") && l.endsWith(" due to splay setting"));
            run.wakeupAndSettle();
            assertThat(((TimerStateNotification) run.lastPublished()).timer()).isEqualTo(splayed);
        }
    }

    @Test
    void timerDefaultsAndIsRaisedToOneSecond() throws Exception {
        assertThat(TimerProperties.parse(new WatcherProperties("x", Map.of())).timer()).isEqualTo(Duration.ofSeconds(1));
        assertThat(TimerProperties.parse(new WatcherProperties("x", Map.of("timer", "200ms"))).timer())
                .isEqualTo(Duration.ofSeconds(1));
        // a bare number is nanoseconds, as in the original
        assertThat(TimerProperties.parse(new WatcherProperties("x", Map.of("timer", 5))).timer())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(TimerProperties.parse(new WatcherProperties("x", Map.of("TIMER", "1m30s", "splay", "t"))))
                .isEqualTo(new TimerProperties(Duration.ofSeconds(90), true));
    }

    @Test
    void rejectsBadProperties() {
        assertThatThrownBy(() -> timer(Map.of("timer", "10d"))).hasMessageStartingWith(
                "property 'timer' of timer watcher 't': '10d' is not a duration");
        assertThatThrownBy(() -> timer(Map.of("timer", "-1s"))).hasMessage(
                "property 'timer' of timer watcher 't': '-1s' is negative");
        assertThatThrownBy(() -> timer(Map.of("splay", "maybe"))).hasMessage(
                "property 'splay' of timer watcher 't': 'maybe' is not a boolean (use true or false)");
    }

    @Test
    void rejectsSuccessTransition() {
        assertThatThrownBy(() -> new TimerWatcherFactory().create(settings("done"),
                new WatcherProperties("timer watcher 't'", Map.of()), new MachineInfo("m", "1", Path.of("/"))))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessage("success_transition of timer watcher 't': 'done' is not supported, a timer only fires fail_transition when it expires");
    }

    @Test
    void notificationMembersAndText() {
        var n = new TimerStateNotification(TimerState.RUNNING, Duration.ofSeconds(90));
        var data = Json.object();
        n.writeTo(data);
        assertThat(Json.write(data)).isEqualTo("{\"state\":\"running\",\"timer\":90000000000}");
        assertThat(n.text("node", "m", "t")).isEqualTo("node timer m#t state: running with 1m30s timer");
    }
}

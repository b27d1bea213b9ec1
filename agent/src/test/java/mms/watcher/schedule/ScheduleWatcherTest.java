package mms.watcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import mms.json.Json;
import mms.time.ManualTimeSource;
import mms.watcher.FakeMachine;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake clock starts at 2024-05-01T10:00:00Z. */
class ScheduleWatcherTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void patience() {
        // the build machine is shared and loaded: conditions get time, never sleeps
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    private static ScheduleWatcher schedule(List<String> states, Map<String, Object> props) throws WatcherConfigException {
        WatcherSettings settings = FakeMachine.settings("s", "schedule", states, "closed", "opened", Duration.ZERO);
        return (ScheduleWatcher) new ScheduleWatcherFactory().create(settings,
                new WatcherProperties("schedule watcher 's'", props), new MachineInfo("m", "1", Path.of("/")));
    }

    private static ScheduleState state(FakeMachine.Run run) {
        return ((ScheduleStateNotification) run.lastPublished()).state();
    }

    private static List<ScheduleState> states(FakeMachine.Run run) {
        return run.published().stream().map(s -> ((ScheduleStateNotification) s).state()).toList();
    }

    @Test
    void turnsOnAtTheScheduledMinuteNotBeforeAndOffAfterTheDuration() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(schedule(List.of(), Map.of("schedules", "5 10 * * *", "duration", "2m")))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofSeconds(4 * 60 + 59));
            run.wakeupAndSettle();
            // the original fired about one second early
            assertThat(run.published()).isEmpty();
            assertThat(((ScheduleStateNotification) run.watcherState()).state()).isEqualTo(ScheduleState.UNKNOWN);
            machine.clock().advance(Duration.ofSeconds(1));
            await().until(() -> run.successes() == 1);
            assertThat(state(run)).isEqualTo(ScheduleState.ON);
            assertThat(machine.transitions()).containsExactly("opened");
            run.awaitParked();
            machine.clock().advance(Duration.ofSeconds(119));
            run.wakeupAndSettle();
            assertThat(run.failures()).isZero();
            machine.clock().advance(Duration.ofSeconds(1));
            await().until(() -> run.failures() == 1);
            assertThat(states(run)).containsExactly(ScheduleState.ON, ScheduleState.OFF);
            assertThat(machine.transitions()).containsExactly("opened", "closed");
        }
    }

    @Test
    void unsetDurationMeansOneMinuteWindows() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(schedule(List.of(), Map.of("schedules", List.of("1 10 * * *"))))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.successes() == 1);
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.failures() == 1);
            assertThat(states(run)).containsExactly(ScheduleState.ON, ScheduleState.OFF);
        }
    }

    @Test
    void overlappingSchedulesKeepTheSwitchOn() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(schedule(List.of(),
                Map.of("schedules", List.of("5 10 * * *", "6 10 * * *"), "duration", "2m")))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(5));
            await().until(() -> run.successes() == 1);
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(2));
            run.wakeupAndSettle();
            assertThat(run.failures()).isZero();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.failures() == 1);
            assertThat(states(run)).containsExactly(ScheduleState.ON, ScheduleState.OFF);
        }
    }

    @Test
    void startSplayDelaysTurningOnWithinTheSplay() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(schedule(List.of(),
                Map.of("schedules", "5 10 * * *", "duration", "10m", "start_splay", "5m")))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(5));
            run.wakeupAndSettle();
            assertThat(run.logText()).anyMatch(l -> l.startsWith("INFO sleeping ") && l.endsWith(" before turning on for schedule '5 10 * * *'"));
            machine.clock().advance(Duration.ofMinutes(5));
            await().until(() -> run.successes() == 1);
            run.awaitParked();
            // the window still ends duration after the scheduled minute
            machine.clock().advance(Duration.ofMinutes(5));
            await().until(() -> run.failures() == 1);
        }
    }

    @Test
    void evaluatesSchedulesInTheClockZone() throws Exception {
        var clock = new ManualTimeSource(Instant.parse("2024-05-01T10:00:00Z"), ZoneId.of("Europe/Berlin"));
        FakeMachine machine = new FakeMachine("m", dir, "A", clock);
        try (var run = machine.start(schedule(List.of(), Map.of("schedules", "5 12 * * *")))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(5));
            await().until(() -> run.successes() == 1);
        }
    }

    @Test
    void inactiveWatcherPublishesNothingAndCatchesUpWhenActive() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "B");
        try (var run = machine.start(schedule(List.of("A"), Map.of("schedules", "5 10 * * *", "duration", "10m")))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(5));
            run.wakeupAndSettle();
            assertThat(run.published()).isEmpty();
            machine.state("A");
            await().until(() -> run.successes() == 1);
            assertThat(states(run)).containsExactly(ScheduleState.ON);
        }
    }

    @Test
    void reenteringWhileOnFiresSuccessAgainByDefault() throws Exception {
        assertThat(reenterSuccesses(false)).isEqualTo(2);
    }

    @Test
    void skipTriggerOnReenterDoesNotFireAgainInTheSameWindow() throws Exception {
        assertThat(reenterSuccesses(true)).isEqualTo(1);
    }

    private int reenterSuccesses(boolean skip) throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(schedule(List.of("A"),
                Map.of("schedules", "5 10 * * *", "duration", "10m", "skip_trigger_on_reenter", skip)))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(5));
            await().until(() -> run.successes() == 1);
            run.awaitParked();
            machine.state("B");
            run.wakeupAndSettle();
            machine.state("A");
            run.wakeupAndSettle();
            assertThat(run.failures()).isZero();
            return run.successes();
        }
    }

    @Test
    void reenteringBeforeAnyWindowFiresFailure() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(schedule(List.of("A"), Map.of("schedules", "5 10 * * *")))) {
            run.wakeupAndSettle();
            assertThat(run.published()).isEmpty();
            machine.state("B");
            run.wakeupAndSettle();
            machine.state("A");
            await().until(() -> run.failures() == 1);
            assertThat(states(run)).containsExactly(ScheduleState.UNKNOWN);
        }
    }

    @Test
    void durationIsDefaultedBeforeTheSplayIsChecked() throws Exception {
        var p = ScheduleProperties.parse(new WatcherProperties("x", Map.of("schedules", "* * * * *", "start_splay", "30s")));
        assertThat(p.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.startSplay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ScheduleProperties.parse(new WatcherProperties("x", Map.of("schedules", "* * * * *", "duration", "500ms")))
                .duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ScheduleProperties.parse(new WatcherProperties("x", Map.of("schedules", "* * * * *", "duration", "1h")))
                .skipTriggerOnReenter()).isFalse();
    }

    @Test
    void rejectsBadProperties() {
        assertThatThrownBy(() -> schedule(List.of(), Map.of())).hasMessage(
                "property 'schedules' of schedule watcher 's': no schedules defined");
        assertThatThrownBy(() -> schedule(List.of(), Map.of("schedules", List.of("* * * * *", "61 * * * *")))).hasMessage(
                "property 'schedules' of schedule watcher 's': could not parse '61 * * * *': end of range (61) above maximum (59): 61");
        assertThatThrownBy(() -> schedule(List.of(), Map.of("schedules", "@daily"))).hasMessage(
                "property 'schedules' of schedule watcher 's': could not parse '@daily': descriptors like @daily are not supported, use 5 fields");
        assertThatThrownBy(() -> schedule(List.of(), Map.of("schedules", "* * * * *", "start_splay", "31s"))).hasMessage(
                "property 'start_splay' of schedule watcher 's': '31s' is too big: start splay 31s is bigger than half the duration 1m0s");
        assertThatThrownBy(() -> schedule(List.of(), Map.of("schedules", "* * * * *", "start_splay", "-1s"))).hasMessage(
                "property 'start_splay' of schedule watcher 's': '-1s' is negative");
        assertThatThrownBy(() -> schedule(List.of(), Map.of("schedules", "* * * * *", "duration", "1d"))).hasMessageStartingWith(
                "property 'duration' of schedule watcher 's': '1d' is not a duration");
        assertThatThrownBy(() -> schedule(List.of(), Map.of("schedules", "* * * * *", "skip_trigger_on_reenter", "yes")))
                .hasMessage("property 'skip_trigger_on_reenter' of schedule watcher 's': 'yes' is not a boolean (use true or false)");
    }

    @Test
    void notificationMembersAndText() {
        var n = new ScheduleStateNotification(ScheduleState.ON);
        var data = Json.object();
        n.writeTo(data);
        assertThat(Json.write(data)).isEqualTo("{\"state\":\"on\"}");
        assertThat(n.text("node", "m", "s")).isEqualTo("node m#s schedule state: on");
    }
}

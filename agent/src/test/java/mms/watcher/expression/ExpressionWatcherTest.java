package mms.watcher.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mms.event.EventData;
import mms.event.WatcherStateNotification;
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

class ExpressionWatcherTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void patience() {
        // the build machine is shared and loaded: conditions get time, never sleeps
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    private static ExpressionWatcher expression(List<String> states, Duration interval, Map<String, Object> props)
            throws WatcherConfigException {
        WatcherSettings settings = FakeMachine.settings("ginkgo", "expression", states, "FAIL_EVENT", "SUCCESS_EVENT",
                interval);
        return (ExpressionWatcher) new ExpressionWatcherFactory().create(settings,
                new WatcherProperties("expression watcher 'ginkgo'", props), new MachineInfo("m", "1", Path.of("/")));
    }

    private static ExpressionWatcher expression(Map<String, Object> props) throws WatcherConfigException {
        return expression(List.of(), Duration.ZERO, props);
    }

    private static ExpressionState outcome(FakeMachine.Run run) {
        return ((ExpressionStateNotification) run.watcherState()).previousOutcome();
    }

    private static List<ExpressionState> published(FakeMachine.Run run) {
        return run.published().stream().map(s -> ((ExpressionStateNotification) s).previousOutcome()).toList();
    }

    /** Moves the clock one default interval (10s) and waits until that evaluation has been handled. */
    private static void tick(FakeMachine machine, FakeMachine.Run run) {
        run.awaitParked();
        int before = run.awaits();
        machine.clock().advance(ExpressionWatcher.DEFAULT_INTERVAL);
        await().until(() -> run.awaits() > before);
    }

    /** Transitions are recorded but lead nowhere, so they do not wake the watcher again. */
    private FakeMachine machine() {
        return new FakeMachine("m", dir, "A").identity("ginkgo.example.net");
    }

    @Test
    void requiresAtLeastOneExpression() {
        assertThatThrownBy(() -> expression(Map.of()))
                .hasMessage("properties of expression watcher 'ginkgo': success_when or fail_when is required");
        assertThatThrownBy(() -> expression(Map.of("success_when", " ")))
                .hasMessage("properties of expression watcher 'ginkgo': success_when or fail_when is required");
    }

    @Test
    void anExpressionThatDoesNotCompileIsRefusedWhenTheMachineLoads() {
        assertThatThrownBy(() -> expression(Map.of("success_when", "1")))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessageStartingWith("property 'success_when' of expression watcher 'ginkgo': '1' does not compile: ")
                .hasMessageContaining("expected bool, but got int");
        assertThatThrownBy(() -> expression(Map.of("fail_when", "data.x == ")))
                .hasMessageStartingWith("property 'fail_when' of expression watcher 'ginkgo': 'data.x == ' does not compile");
    }

    @Test
    void rejectsIntervalBelowHalfASecondAndDefaultsToTenSeconds() throws Exception {
        assertThatThrownBy(() -> expression(List.of(), Duration.ofMillis(100), Map.of("success_when", "true")))
                .hasMessage("interval of expression watcher 'ginkgo': 100ms is too small, minimum is 500ms");
        assertThat(expression(Map.of("success_when", "true")).interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(expression(List.of(), Duration.ofSeconds(2), Map.of("success_when", "true")).interval())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void evaluatesFirstAfterOneIntervalNotAtStart() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(expression(Map.of("success_when", "true")))) {
            run.awaitParked();
            assertThat(run.published()).isEmpty();
            assertThat(outcome(run)).isEqualTo(ExpressionState.SKIPPED);
            tick(machine, run);
            assertThat(published(run)).containsExactly(ExpressionState.SUCCESS_WHEN);
        }
    }

    @Test
    void successWhenPublishesEveryTimeButTransitionsOnlyWhenItBecomesTrue() throws Exception {
        FakeMachine machine = machine();
        machine.setData("test", IntNode.valueOf(1));
        try (var run = machine.start(expression(Map.of("success_when", "data.test == 1")))) {
            tick(machine, run);
            tick(machine, run);
            assertThat(published(run)).containsExactly(ExpressionState.SUCCESS_WHEN, ExpressionState.SUCCESS_WHEN);
            assertThat(machine.transitions()).containsExactly("SUCCESS_EVENT");
        }
    }

    @Test
    void failWhenPublishesEveryTimeButTransitionsOnlyWhenItBecomesTrue() throws Exception {
        FakeMachine machine = machine();
        machine.setData("test", IntNode.valueOf(1));
        try (var run = machine.start(expression(Map.of("fail_when", "data.test == 1")))) {
            tick(machine, run);
            tick(machine, run);
            assertThat(published(run)).containsExactly(ExpressionState.FAILED_WHEN, ExpressionState.FAILED_WHEN);
            assertThat(machine.transitions()).containsExactly("FAIL_EVENT");
        }
    }

    @Test
    void successWhenIsEvaluatedBeforeFailWhen() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(expression(Map.of("success_when", "identity == 'ginkgo.example.net'",
                "fail_when", "true")))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(ExpressionState.SUCCESS_WHEN);
            assertThat(machine.transitions()).containsExactly("SUCCESS_EVENT");
        }
    }

    @Test
    void noMatchIsNotPublishedButMakesTheNextMatchTransitionAgain() throws Exception {
        FakeMachine machine = machine();
        machine.facts(Json.mapper().readTree("{\"role\":\"web\"}"));
        try (var run = machine.start(expression(Map.of("success_when", "get_fact('role') == 'web'")))) {
            tick(machine, run);
            machine.facts(Json.mapper().readTree("{\"role\":\"db\"}"));
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(ExpressionState.NO_MATCH);
            machine.facts(Json.mapper().readTree("{\"role\":\"web\"}"));
            tick(machine, run);
            assertThat(published(run)).containsExactly(ExpressionState.SUCCESS_WHEN, ExpressionState.SUCCESS_WHEN);
            assertThat(machine.transitions()).containsExactly("SUCCESS_EVENT", "SUCCESS_EVENT");
            assertThat(run.completedRuns()).hasSize(3);
        }
    }

    @Test
    void anEvaluationErrorIsPublishedWithoutTransitionAndLoggedOnceWhileItLasts() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(expression(Map.of("success_when", "data.missing.deeper == 1")))) {
            tick(machine, run);
            tick(machine, run);
            assertThat(published(run)).containsExactly(ExpressionState.ERROR, ExpressionState.ERROR);
            assertThat(machine.transitions()).isEmpty();
            assertThat(run.logText()).filteredOn(line -> line.startsWith("ERROR"))
                    .singleElement().asString()
                    .startsWith("ERROR Evaluating expressions failed: ").contains("cannot fetch deeper from <nil>");
        }
    }

    @Test
    void aChangeOfMachineDataIsEvaluatedAtOnce() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(expression(Map.of("success_when", "data.ready == 1")))) {
            run.awaitParked();
            machine.setData("ready", IntNode.valueOf(1));
            await().until(() -> outcome(run) == ExpressionState.SUCCESS_WHEN);
            assertThat(machine.transitions()).containsExactly("SUCCESS_EVENT");
        }
    }

    @Test
    void anInactiveWatcherIsSkippedAndSilent() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(expression(List.of("B"), Duration.ZERO, Map.of("success_when", "true")))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(ExpressionState.SKIPPED);
            assertThat(run.published()).isEmpty();
            assertThat(run.completedRuns()).isEmpty();
        }
    }

    @Test
    void theNotificationHasTheOriginalsMemberAndTextAndReadsBack() throws Exception {
        var state = new ExpressionStateNotification(ExpressionState.SUCCESS_WHEN);
        var event = new WatcherStateNotification("ginkgo.example.net", "123", "1.0.0", 1606924953L, "expression",
                "ginkgo", "ginkgo_machine", state);
        assertThat(Json.write(event.data())).isEqualTo("{\"protocol\":\"io.choria.machine.watcher.expression.v1.state\","
                + "\"identity\":\"ginkgo.example.net\",\"id\":\"123\",\"version\":\"1.0.0\",\"timestamp\":1606924953,"
                + "\"type\":\"expression\",\"machine\":\"ginkgo\",\"name\":\"ginkgo_machine\","
                + "\"previous_outcome\":\"success_when\"}");
        assertThat(event.text()).isEqualTo("ginkgo.example.net ginkgo#ginkgo_machine previous: success_when");
        assertThat(ExpressionStateNotification.read(new EventData(event.data(), event.protocol()))).isEqualTo(state);
    }
}

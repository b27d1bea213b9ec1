package mms.watcher.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.governor.Governor;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventType;
import mms.json.Json;
import mms.kv.ConnectOptions;
import mms.kv.GovernorStorage;
import mms.kv.Holder;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.Slot;
import mms.watcher.FakeMachine;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecWatcherTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void patience() {
        // the build machine is shared and loaded: conditions get time, never sleeps
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    private static ExecWatcher exec(List<String> states, Duration interval, Map<String, Object> props)
            throws WatcherConfigException {
        WatcherSettings settings = FakeMachine.settings("w", "exec", states, "failed", "worked", interval);
        return (ExecWatcher) new ExecWatcherFactory().create(settings,
                new WatcherProperties("exec watcher 'w'", props), new MachineInfo("m", "1", Path.of("/")));
    }

    private static ExecWatcher exec(Map<String, Object> props) throws WatcherConfigException {
        return exec(List.of(), Duration.ZERO, props);
    }

    /** Most tests are about one run: this one runs at start, without waiting for a state change. */
    private static ExecWatcher execAtStart(Map<String, Object> props) throws WatcherConfigException {
        Map<String, Object> atStart = new HashMap<>(props);
        atStart.put("run_at_start", true);
        return exec(atStart);
    }

    private static ExecStateNotification last(FakeMachine.Run run) {
        return (ExecStateNotification) run.lastPublished();
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Transitions are recorded but lead nowhere, so they do not wake the watcher again. */
    private FakeMachine machine() {
        return new FakeMachine("m", dir, "A");
    }

    @Test
    void successPublishesAndFiresSuccessTransition() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/sh -c 'exit 0'")))) {
            await().until(() -> run.successes() == 1);
            assertThat(last(run).previousOutcome()).isEqualTo(ExecState.SUCCESS);
            assertThat(last(run).command()).isEqualTo("/bin/sh -c 'exit 0'");
            assertThat(last(run).previousRunTime()).isPositive();
            assertThat(machine.transitions()).containsExactly("worked");
            assertThat(run.logText()).contains("INFO exec watcher for /bin/sh -c 'exit 0' starting",
                    "DEBUG running /bin/sh -c 'exit 0'");
        }
    }

    @Test
    void aCommandWhoseMachineDirectoryIsGoneIsNotRunAndIsNoFailure() throws Exception {
        Path gone = dir.resolve("purged");
        FakeMachine machine = new FakeMachine("m", gone, "A");
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/true")))) {
            await().until(() -> run.logText().stream().anyMatch(l -> l.startsWith(
                    "INFO /bin/true not run: the machine directory " + gone + " is gone")));
            assertThat(run.failures()).isZero();
            assertThat(machine.transitions()).isEmpty();
            assertThat(run.logText()).noneMatch(l -> l.startsWith("ERROR"));
        }
    }

    @Test
    void aCommandStartsOnceItsMachineDirectoryIsBackFromASwap() throws Exception {
        Path swapped = dir.resolve("swapped");
        FakeMachine machine = new FakeMachine("m", swapped, "A");
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/true")))) {
            Files.createDirectories(swapped); // an upgrade's second rename, while the watcher waits
            await().until(() -> run.successes() == 1);
            assertThat(machine.transitions()).containsExactly("worked");
            assertThat(run.logText()).noneMatch(l -> l.startsWith("ERROR"));
        }
    }

    @Test
    void nonZeroExitIsAnErrorThatPublishesAndFiresFailure() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/sh -c 'echo oops; exit 3'")))) {
            await().until(() -> run.failures() == 1);
            assertThat(last(run).previousOutcome()).isEqualTo(ExecState.ERROR);
            assertThat(machine.transitions()).containsExactly("failed");
            assertThat(run.logText()).contains(
                    "ERROR exec watcher /bin/sh -c 'echo oops; exit 3' failed: exit status 3",
                    "INFO output from /bin/sh -c 'echo oops; exit 3': oops",
                    "ERROR check failed: /bin/sh -c 'echo oops; exit 3' failed: exit status 3");
        }
    }

    @Test
    void suppressSuccessAnnounceStillTransitions() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/true", "suppress_success_announce", true)))) {
            await().until(() -> run.successes() == 1);
            run.wakeupAndSettle();
            assertThat(run.successes()).isEqualTo(2);
            assertThat(run.published()).isEmpty();
            assertThat(((ExecStateNotification) run.watcherState()).previousOutcome()).isEqualTo(ExecState.SUCCESS);
            assertThat(run.completedRuns()).as("unannounced runs are still runs").hasSize(2)
                    .allSatisfy(s -> assertThat(s.outcome()).contains("success"));
        }
    }

    @Test
    void inactiveWatcherIsSkippedSilently() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "B");
        try (var run = machine.start(exec(List.of("A"), Duration.ZERO, Map.of("command", "/bin/false")))) {
            run.wakeupAndSettle();
            assertThat(run.published()).isEmpty();
            assertThat(run.failures()).isZero();
            assertThat(run.completedRuns()).as("a skipped run is no run").isEmpty();
            assertThat(((ExecStateNotification) run.watcherState()).previousOutcome()).isEqualTo(ExecState.SKIPPED);
        }
    }

    @Test
    void wakeUpsRunTheCommandAgain() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/true")))) {
            await().until(() -> run.successes() == 1);
            run.wakeupAndSettle();
            assertThat(run.successes()).isEqualTo(2);
        }
    }

    @Test
    void withAnIntervalRunsEveryIntervalButNotAtStart() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(exec(List.of(), Duration.ofMinutes(1), Map.of("command", "/bin/true")))) {
            run.awaitParked();
            assertThat(run.published()).isEmpty();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.published().size() == 1);
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.published().size() == 2);
        }
    }

    @Test
    void gatherInitialStateRunsWithinThirtySeconds() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(exec(List.of(), Duration.ofHours(1),
                Map.of("command", "/bin/true", "gather_initial_state", true)))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofSeconds(30));
            await().until(() -> run.published().size() == 1);
        }
    }

    @Test
    void childGetsOnlyTheOriginalsVariablesAndItsEnvironmentEntries() throws Exception {
        FakeMachine machine = machine();
        machine.setData("k", new TextNode("v"));
        machine.facts(Json.mapper().readTree("{\"os\":\"linux\"}"));
        script("capture.sh", """
                env > env.txt
                cat "$WATCHER_DATA" > data.json
                cat "$WATCHER_FACTS" > facts.json
                stat -c %a "$WATCHER_DATA" "$WATCHER_FACTS" > modes.txt
                pwd > pwd.txt""");
        try (var run = machine.start(execAtStart(Map.of("command", "./capture.sh", "environment", List.of("FOO=bar=baz", "MACHINE_NAME=override"))))) {
            await().until(() -> run.successes() == 1);
        }
        List<String> env = Files.readAllLines(dir.resolve("env.txt"));
        // nothing of the agent's own environment (HOME, JAVA_HOME, MMS_* tokens, ...) reaches the child
        assertThat(env).filteredOn(l -> !l.startsWith("WATCHER_DATA=") && !l.startsWith("WATCHER_FACTS=")
                && !l.startsWith("PWD=") && !l.startsWith("SHLVL=") && !l.startsWith("_=")) // set by sh itself
                .containsExactlyInAnyOrder("MACHINE_WATCHER_NAME=w", "MACHINE_NAME=override", "FOO=bar=baz",
                        "PATH=" + System.getenv("PATH") + ":" + dir);
        assertThat(Files.readString(dir.resolve("data.json"))).isEqualTo("{\"k\":\"v\"}");
        assertThat(Files.readString(dir.resolve("facts.json"))).isEqualTo("{\"os\":\"linux\"}");
        assertThat(Files.readAllLines(dir.resolve("modes.txt"))).containsExactly("600", "600");
        assertThat(Files.readString(dir.resolve("pwd.txt")).strip()).isEqualTo(dir.toRealPath().toString());
        String dataFile = env.stream().filter(l -> l.startsWith("WATCHER_DATA=")).findFirst().orElseThrow().substring(13);
        String factsFile = env.stream().filter(l -> l.startsWith("WATCHER_FACTS=")).findFirst().orElseThrow().substring(14);
        assertThat(Path.of(dataFile)).doesNotExist();
        assertThat(Path.of(factsFile)).doesNotExist();
    }

    @Test
    void programsAreFoundRelativeToTheMachineDirectory() throws Exception {
        script("hello.sh", "echo hi > hello.txt");
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "./hello.sh")))) {
            await().until(() -> run.successes() == 1);
        }
        assertThat(dir.resolve("hello.txt")).hasContent("hi");
    }

    @Test
    void aBareNameIsLookedUpInTheAgentsPathOnlyAsTheOriginalDoes() throws Exception {
        script("local-check", "exit 0");
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "local-check")))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).anyMatch(l -> l.contains("command 'local-check' was not found in the agent's PATH"));
        }
        try (var run = machine.start(execAtStart(Map.of("command", "env", "environment", "PATH=/nowhere")))) {
            await().until(() -> run.successes() == 1); // the child's PATH is not where the program is looked up
        }
    }

    @Test
    void withoutAnIntervalItRunsOnStateChangesOnlyAsTheOriginal() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(exec(Map.of("command", "/bin/true")))) {
            run.awaitParked();
            assertThat(run.completedRuns()).as("no run at start").isEmpty();
            run.wakeupAndSettle();
            assertThat(run.successes()).isEqualTo(1);
        }
    }

    @Test
    void runAtStartRunsOnceAtStartThenEveryInterval() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(exec(List.of(), Duration.ofMinutes(1),
                Map.of("command", "/bin/true", "run_at_start", true)))) {
            await().until(() -> run.successes() == 1);
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.successes() == 2);
        }
    }

    @Test
    void missingProgramsAreErrors() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "no-such-program-here --flag")))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).contains("ERROR check failed: command 'no-such-program-here' was not found in the "
                    + "agent's PATH " + System.getenv("PATH") + " (a program in the machine directory is run as "
                    + "./no-such-program-here)");
        }
        try (var run = machine.start(execAtStart(Map.of("command", "./missing.sh")))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).contains("ERROR check failed: command './missing.sh' is not an executable file");
        }
    }

    @Test
    void timeoutKillsTheProcessAndItsDescendants() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/sh -c 'sleep 30 & echo $! > child.pid; wait'",
                "timeout", "2s")))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> run.failures() == 1);
            assertThat(run.logText()).contains(
                    "ERROR check failed: /bin/sh -c 'sleep 30 & echo $! > child.pid; wait' timed out after 2s");
        }
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void outputInTheLogIsBounded() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/sh -c 'head -c 100000 /dev/zero | tr \"\\\\0\" a; exit 1'")))) {
            await().until(() -> run.failures() == 1);
            String output = run.logText().stream().filter(l -> l.startsWith("INFO output from")).findFirst().orElseThrow();
            assertThat(output).endsWith("a".repeat(10) + " (" + (100_000 - ExecWatcher.LOG_OUTPUT_LIMIT) + " more bytes dropped)");
            String captured = output.substring(output.indexOf("a; exit 1': ") + "a; exit 1': ".length(), output.indexOf(" ("));
            assertThat(captured).hasSize(ExecWatcher.LOG_OUTPUT_LIMIT).matches("a+");
        }
    }

    @Test
    void parseAsDataStoresEachMember() throws Exception {
        script("data.sh", "echo '{\"a\": 1, \"b\": \"x\"}'");
        FakeMachine machine = machine();
        ExecWatcher watcher = execAtStart(Map.of("command", "./data.sh", "parse_as_data", true));
        try (var run = machine.start(watcher)) {
            await().until(() -> run.successes() == 1);
        }
        assertThat(machine.data("a")).contains(IntNode.valueOf(1));
        assertThat(machine.data("b")).contains(TextNode.valueOf("x"));
    }

    @Test
    void parseAsDataRejectsOutputThatIsNotAnObject() throws Exception {
        script("list.sh", "echo '[1,2]'");
        script("text.sh", "echo 'hello'");
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "./list.sh", "parse_as_data", true)))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).contains("ERROR check failed: could not save output data: output is not a JSON object");
        }
        try (var run = machine.start(execAtStart(Map.of("command", "./text.sh", "parse_as_data", true)))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).anyMatch(l -> l.startsWith("ERROR check failed: could not save output data: output is not JSON"));
        }
        assertThat(machine.data()).isEmpty();
    }

    @Test
    void disownedCommandsRunAndReportTheirExit() throws Exception {
        script("bg.sh", "echo done > bg.txt");
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "./bg.sh", "disown", true)))) {
            await().until(() -> run.successes() == 1);
            assertThat(run.logText()).anyMatch(l -> l.startsWith("INFO started disowned process "));
        }
        assertThat(dir.resolve("bg.txt")).hasContent("done");
    }

    @Test
    void disownedStartFailuresAreErrors() throws Exception {
        // a working directory that is a file: the start itself fails
        FakeMachine machine = new FakeMachine("m", Files.writeString(dir.resolve("a-file"), ""), "A");
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/true", "disown", true)))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).anyMatch(l -> l.startsWith("ERROR check failed: could not start /bin/true: "));
        }
    }

    @Test
    void governorIsRefusedWhenTheAgentHasNone() throws Exception {
        FakeMachine machine = machine();
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/true", "governor", "g1")))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).contains("ERROR check failed: cannot use governor 'g1': no governor is configured on this agent");
        }
    }

    @Test
    void runsWhileHoldingASlotOfTheTemplatedGovernor() throws Exception {
        List<GovernorEvent> events = new CopyOnWriteArrayList<>();
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            GovernorStorage governor = store.governors();
            governor.add("downloads", 1, Duration.ofMinutes(1), 1);
            script("check.sh", "exit 0");
            FakeMachine machine = machine().renderer(t -> t.replace("{{ name }}", "downloads"))
                    .services(WatcherServices.NONE.withGovernor(new Governor(governor, events::add)));
            try (var run = machine.start(execAtStart(Map.of("command", "./check.sh", "governor", "{{ name }}")))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> run.successes() == 1);
                assertThat(run.logText()).contains("INFO Using governor downloads",
                        "INFO Obtaining a slot in the downloads Governor with 5m0s timeout");
            }
            assertThat(events).extracting(GovernorEvent::type).containsExactly(GovernorEventType.ENTER, GovernorEventType.EXIT);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.governor()).isEqualTo("downloads");
                assertThat(e.component()).isEqualTo("m");
                assertThat(e.identity()).isEqualTo("fake.example.net");
                assertThat(e.sequence()).isEqualTo(1);
            });
            assertThat(governor.view("downloads").holders()).isEmpty();
        }
    }

    @Test
    void aFullGovernorFailsTheRunWithATimeoutsEvent() throws Exception {
        List<GovernorEvent> events = new CopyOnWriteArrayList<>();
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            GovernorStorage governor = store.governors();
            governor.add("busy", 1, Duration.ofMinutes(1), 1);
            try (Slot taken = governor.enter("busy", "someone else", Duration.ofSeconds(5))) {
                FakeMachine machine = machine().services(WatcherServices.NONE.withGovernor(new Governor(governor, events::add)));
                try (var run = machine.start(execAtStart(Map.of("command", "/bin/true", "governor", "busy",
                        "governor_timeout", "1s")))) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> run.failures() == 1);
                    assertThat(run.logText()).anyMatch(l -> l.startsWith(
                            "ERROR Could not obtain a slot in the Governor busy: governor busy: no slot became free within 1s"));
                    assertThat(run.logText()).anyMatch(l -> l.startsWith(
                            "ERROR check failed: could not obtain a slot in governor busy: "));
                }
            }
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(GovernorEventType.TIMEOUTS);
                assertThat(e.sequence()).isZero();
            });
        }
    }

    @Test
    void theHolderNameIsTheOriginals() throws Exception {
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            GovernorStorage governor = store.governors();
            governor.add("seen", 1, Duration.ofMinutes(1), 1);
            Path marker = dir.resolve("inside");
            script("hold.sh", "touch inside; while [ -e inside ]; do sleep 0.05; done");
            FakeMachine machine = machine().services(WatcherServices.NONE.withGovernor(new Governor(governor, e -> { })));
            try (var run = machine.start(execAtStart(Map.of("command", "./hold.sh", "governor", "seen")))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(marker));
                assertThat(governor.view("seen").holders()).extracting(Holder::name)
                        .containsExactly("Auto Agent  m#w @ fake.example.net");
                Files.delete(marker);
                await().atMost(Duration.ofSeconds(20)).until(() -> run.successes() == 1);
            }
        }
    }

    @Test
    void commandAndEnvironmentAreRendered() throws Exception {
        FakeMachine machine = machine().renderer(t -> t.replace("{{ who }}", "world"));
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/sh -c 'echo {{ who }} $X > out.txt'",
                "environment", "X={{ who }}")))) {
            await().until(() -> run.successes() == 1);
            assertThat(last(run).command()).isEqualTo("/bin/sh -c 'echo {{ who }} $X > out.txt'");
        }
        assertThat(dir.resolve("out.txt")).hasContent("world world");
    }

    @Test
    void templateFailuresAreErrors() throws Exception {
        FakeMachine machine = machine().renderer(t ->
                mms.template.Template.render(t, new mms.template.TemplateContext(null, null, null)));
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/echo {{ bad }}")))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).contains("ERROR check failed: could not process command template: template: machine:1:13: function \"bad\" not defined");
        }
        try (var run = machine.start(execAtStart(Map.of("command", "/bin/true", "environment", "X={{ bad }}")))) {
            await().until(() -> run.failures() == 1);
            assertThat(run.logText()).contains("ERROR check failed: could not process environment template: template: machine:1:5: function \"bad\" not defined");
        }
    }

    @Test
    void wakesOnDataChangeOnlyForTemplatesThatDoNotStoreData() throws Exception {
        assertThat(exec(Map.of("command", "/bin/true")).wakeOnDataChange()).isFalse();
        assertThat(exec(Map.of("command", "/bin/echo {{ lookup \"data.x\" \"\" }}")).wakeOnDataChange()).isTrue();
        assertThat(exec(Map.of("command", "/bin/true", "environment", "X={{ lookup \"data.x\" \"\" }}")).wakeOnDataChange()).isTrue();
        assertThat(exec(Map.of("command", "/bin/echo {{ lookup \"data.x\" \"\" }}", "parse_as_data", true)).wakeOnDataChange()).isFalse();
    }

    @Test
    void propertyDefaults() throws Exception {
        ExecProperties p = exec(Map.of("command", "/bin/true")).properties();
        assertThat(p).isEqualTo(new ExecProperties("/bin/true", List.of(), Duration.ofSeconds(1), java.util.Optional.empty(),
                Duration.ZERO, false, false, false, false, false));
        Map<String, Object> all = new HashMap<>(Map.of("Command", "/bin/true", "environment", "A=1", "timeout", "10s",
                "governor", "g", "parse_as_data", "true", "suppress_success_announce", 1, "gather_initial_state", "T"));
        ExecProperties q = exec(all).properties();
        assertThat(q.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(q.governorTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(q.environment()).containsExactly("A=1");
        assertThat(q.parseAsData() && q.suppressSuccessAnnounce() && q.gatherInitialState()).isTrue();
        assertThat(exec(Map.of("command", "/bin/true", "timeout", 10)).properties().timeout()).isEqualTo(Duration.ofNanos(10));
        assertThat(exec(Map.of("command", "/bin/true", "governor", "g", "governor_timeout", "1m")).properties().governorTimeout())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void rejectsBadProperties() {
        assertThatThrownBy(() -> exec(Map.of())).hasMessage("property 'command' of exec watcher 'w' is required");
        assertThatThrownBy(() -> exec(Map.of("command", "echo 'x"))).hasMessage(
                "property 'command' of exec watcher 'w': 'echo 'x' cannot be split into words: EOF found when expecting closing quote");
        assertThatThrownBy(() -> exec(Map.of("command", " # nothing"))).hasMessage(
                "property 'command' of exec watcher 'w': ' # nothing' has no words to run");
        assertThatThrownBy(() -> exec(Map.of("command", "/bin/true", "environment", List.of("OK=1", "BROKEN")))).hasMessage(
                "property 'environment' of exec watcher 'w': 'BROKEN' is not an entry like NAME=value");
        assertThatThrownBy(() -> exec(Map.of("command", "/bin/true", "timeout", "1d"))).hasMessageStartingWith(
                "property 'timeout' of exec watcher 'w': '1d' is not a duration");
        assertThatThrownBy(() -> exec(Map.of("command", "/bin/true", "timeout", "-1s"))).hasMessage(
                "property 'timeout' of exec watcher 'w': '-1s' is negative");
        assertThatThrownBy(() -> exec(Map.of("command", "/bin/true", "disown", true, "parse_as_data", true))).hasMessage(
                "properties 'disown' and 'parse_as_data' of exec watcher 'w' cannot both be true: cannot parse output as data while disowning child processes");
        assertThatThrownBy(() -> exec(Map.of("command", "/bin/true", "disown", "sure"))).hasMessage(
                "property 'disown' of exec watcher 'w': 'sure' is not a boolean (use true or false)");
        assertThatThrownBy(() -> exec(List.of(), Duration.ofMillis(499), Map.of("command", "/bin/true"))).hasMessage(
                "interval of exec watcher 'w': 499ms is too small, minimum is 500ms");
    }

    @Test
    void notificationMembersAndText() {
        var n = new ExecStateNotification("/bin/sh", ExecState.SUCCESS, 1_000_000_000L);
        var data = Json.mapper().createObjectNode();
        n.writeTo(data);
        assertThat(data.toString()).isEqualTo("{\"command\":\"/bin/sh\",\"previous_outcome\":\"success\",\"previous_run_time\":1000000000}");
        assertThat(n.text("ginkgo", "exec", "w")).isEqualTo("ginkgo exec#w command: /bin/sh, previous: success ran: 1.000s");
    }
}

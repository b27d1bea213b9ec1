package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import mms.agent.Agent;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.event.CloudEvents;
import mms.event.TransitionNotification;
import mms.json.Json;
import mms.kv.testing.LogCapture;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mms machine watch} in-process, against agents on a real nats-server. */
class MachineWatchCommandTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String TIME = "\\[\\d\\d:\\d\\d:\\d\\d\\] ";

    /** Settles into {@code healthy} after a second, then runs {@code true} once. */
    static final String PROBE = """
            name: probe
            version: 1.0.0
            initial_state: unknown
            transitions:
              - {name: ok, from: [unknown], destination: healthy}
            watchers:
              - {name: settle, type: timer, state_match: [unknown], fail_transition: ok, properties: {timer: 1s}}
              - name: check
                type: exec
                state_match: [healthy]
                interval: 1m
                properties: {command: "true"}
            """;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /** {@code mms machine watch} running on its own thread until {@link #close()}. */
    private static final class Watch implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Watch(String... args) {
            thread = Thread.ofVirtual().name("machine-watch").start(() -> {
                CommandLine commandLine = Main.commandLine();
                commandLine.setOut(new PrintWriter(out, true));
                commandLine.setErr(new PrintWriter(err, true));
                List<String> all = new ArrayList<>(List.of("machine", "watch", "--store", NATS.url()));
                all.addAll(List.of(args));
                exit.set(commandLine.execute(all.toArray(String[]::new)));
            });
            await().atMost(PATIENCE).until(() -> err.toString().contains("Ctrl-C stops") || !thread.isAlive());
            assertThat(err.toString()).as("stderr of machine watch %s", List.of(args)).contains("Ctrl-C stops");
        }

        List<String> lines() {
            return out.toString().lines().toList();
        }

        /** Ends it as Ctrl-C would: the wait ends and the store is closed. */
        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }

    private Watch watch(String... args) {
        Watch watch = new Watch(args);
        closing.add(watch);
        return watch;
    }

    private void agent(String identity, String... machines) throws Exception {
        Path home = Files.createDirectories(dir.resolve(identity));
        for (String machine : machines) {
            Path machineDir = Files.createDirectories(home.resolve("machines").resolve(machine));
            Files.writeString(machineDir.resolve("machine.yaml"), PROBE.replace("name: probe", "name: " + machine));
        }
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.MACHINES, home.resolve("machines").toString());
        flags.put(Setting.STATE_DIR, home.resolve("state").toString());
        flags.put(Setting.STORE, NATS.url());
        closing.add(Agent.start(AgentConfig.resolve(Optional.empty(), Map.of("MMS_IDENTITY", identity), flags)));
    }

    private static String transition(String identity, String machine) {
        return identity + " " + machine + " transitioned via event ok: unknown => healthy";
    }

    private static String exec(String identity, String machine) {
        return identity + " " + machine + "#check command: true, previous: success ran: ";
    }

    private static void awaitLine(Watch watch, String pattern) {
        await().atMost(PATIENCE).until(() -> watch.lines().stream().anyMatch(l -> l.matches(pattern)));
    }

    @Test
    void printsTheEventsOfEveryAgentAndFiltersThemByIdentityMachineAndType() throws Exception {
        Watch all = watch();
        Watch web1 = watch("--identity", "^web1$");
        Watch other = watch("--machine", "other");
        Watch exec = watch("--type", "exec", "--watchers");
        Watch json = watch("--json", "--identity", "web2", "--transitions");

        agent("web1", "probe");
        agent("web2", "probe", "other");

        for (String[] node : new String[][] {{"web1", "probe"}, {"web2", "probe"}, {"web2", "other"}}) {
            awaitLine(all, TIME + Pattern.quote(transition(node[0], node[1])));
            awaitLine(all, TIME + Pattern.quote(exec(node[0], node[1])) + "\\d+\\.\\d{3}s");
            awaitLine(exec, TIME + Pattern.quote(exec(node[0], node[1])) + "\\d+\\.\\d{3}s");
        }
        assertThat(all.lines()).anyMatch(l -> l.matches(TIME + "web1 timer probe#settle state: running with 1s timer"));
        assertThat(exec.lines()).hasSize(3);

        awaitLine(web1, TIME + Pattern.quote(exec("web1", "probe")) + ".*");
        assertThat(web1.lines()).contains(all.lines().stream().filter(l -> l.contains(transition("web1", "probe")))
                .findFirst().orElseThrow()).allMatch(l -> l.matches(TIME + "web1 .*"));

        awaitLine(other, TIME + Pattern.quote(exec("web2", "other")) + ".*");
        assertThat(other.lines()).anyMatch(l -> l.endsWith(transition("web2", "other")))
                .noneMatch(l -> l.contains("probe"));

        await().atMost(PATIENCE).until(() -> json.lines().size() == 2);
        assertThat(json.lines()).allSatisfy(line -> {
            var event = Json.mapper().readTree(line);
            assertThat(event.path("type").asText()).isEqualTo(TransitionNotification.PROTOCOL);
            assertThat(event.path("subject").asText()).isEqualTo("web2");
            assertThat(event.fieldNames()).toIterable().containsExactly("specversion", "id", "source", "type",
                    "subject", "datacontenttype", "time", "data");
        });

        for (Watch w : List.of(all, web1, other, exec, json)) {
            w.close();
            assertThat(w.exit.get()).isZero();
            assertThat(w.err.toString()).doesNotContain("mms:");
        }
    }

    @Test
    void skipsAndLogsWhatItCannotDecode() throws Exception {
        TransitionNotification event = new TransitionNotification("web9", "d1c0", "1.0.0", 1714557600L, "m", "go",
                "a", "b");
        try (LogCapture log = LogCapture.of(MachineWatchCommand.class.getName(), Level.WARN);
             Connection nc = Nats.connect(NATS.url())) {
            Watch watch = watch("--transitions");

            nc.publish(MachineWatchCommand.TRANSITIONS, "not json".getBytes(StandardCharsets.UTF_8));
            nc.publish(MachineWatchCommand.TRANSITIONS, "{\"data\":{\"identity\":\"web9\"}}".getBytes(StandardCharsets.UTF_8));
            nc.publish(MachineWatchCommand.TRANSITIONS, CloudEvents.toJson(event).getBytes(StandardCharsets.UTF_8));
            nc.flush(Duration.ofSeconds(5));

            await().atMost(PATIENCE).until(() -> !watch.lines().isEmpty());
            String time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault())
                    .format(Instant.ofEpochSecond(1714557600L));
            assertThat(watch.lines()).containsExactly("[" + time + "] web9 m transitioned via event go: a => b");
            assertThat(log.messagesAt(Level.WARN)).hasSize(2)
                    .first().asString().startsWith("could not decode an event on choria.machine.transition: "
                            + "could not parse cloud event: ");
            assertThat(log.messagesAt(Level.WARN).get(1)).isEqualTo("could not decode an event on "
                    + "choria.machine.transition: no protocol header in state json");
        }
    }

    @Test
    void needsANatsStoreAndSaysWhichStoreItHas() {
        Path db = dir.resolve("kv.db");

        CliRun r = CliRun.run("machine", "watch", "--store", "sqlite:" + db);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("mms: machine watch needs a NATS store (--store nats://...), the store is sqlite:"
                + db + System.lineSeparator());
        assertThat(db).doesNotExist();
    }

    @Test
    void refusesABadTypeOrIdentityPattern() {
        CliRun type = CliRun.run("machine", "watch", "--store", NATS.url(), "--type", "exec.state");
        CliRun identity = CliRun.run("machine", "watch", "--store", NATS.url(), "--identity", "web[");

        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err()).startsWith("mms: --type 'exec.state': a watcher type is letters, digits, '_' and '-'");
        assertThat(identity.exitCode()).isEqualTo(2);
        assertThat(identity.err()).startsWith("mms: --identity 'web[': not a regular expression: ");
    }
}

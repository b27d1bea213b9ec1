package mms.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.event.ConsoleEventSink;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.runtime.MachineSnapshot;
import mms.status.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root: one call turns a configuration into a running agent, and one call stops it. */
class AgentTest {
    static final String TICKER = """
            name: ticker
            version: 2.0.0
            initial_state: idle
            transitions:
              - {name: tick, from: [idle], destination: ticked}
            watchers:
              - name: config
                type: kv
                interval: 1m
                success_transition: tick
                properties: {bucket: CONFIG, key: spec, mode: watch}
            """;

    @TempDir
    Path dir;

    AgentConfig config(Map<Setting, String> flags) throws Exception {
        return AgentConfig.resolve(Optional.empty(), Map.of("MMS_IDENTITY", "node1"), flags);
    }

    Path machine(String name, String yaml) throws Exception {
        Path machineDir = Files.createDirectories(dir.resolve("machines").resolve(name));
        Files.writeString(machineDir.resolve("machine.yaml"), yaml);
        return machineDir;
    }

    @Test
    void startsTheMachinesDirectoryOnItsOneStoreAndReportsWhatRuns() throws Exception {
        machine("ticker", TICKER);
        AgentConfig config = config(Map.of(Setting.MACHINES, dir.resolve("machines").toString(),
                Setting.STATE_DIR, dir.resolve("state").toString(), Setting.MANAGE, "true",
                Setting.ALLOW_UNSIGNED, "true"));

        try (Agent agent = Agent.start(config)) {
            AgentStatus status = agent.status();
            assertThat(status.identity()).isEqualTo("node1");
            assertThat(status.store()).isEqualTo("sqlite:" + dir.resolve("state/kv.db"));
            assertThat(status.machines()).extracting(MachineSnapshot::name)
                    .containsExactly(Agent.MANAGER, "ticker");

            try (KeyValueStore cli = KeyValueStores.open(config.store().url(), ConnectOptions.NONE)) {
                cli.createBucket(BucketConfig.of("CONFIG")).put("spec", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.status().machines().stream()
                    .anyMatch(m -> m.name().equals("ticker") && m.state().equals("ticked")));
            assertThat(agent.status().machines()).filteredOn(m -> m.name().equals("ticker"))
                    .singleElement().satisfies(m -> {
                        assertThat(m.version()).isEqualTo("2.0.0");
                        assertThat(m.failures()).isEmpty();
                    });
        }
    }

    @Test
    void closingStopsEveryMachine() throws Exception {
        machine("ticker", TICKER);
        Agent agent = Agent.start(config(Map.of(Setting.MACHINES, dir.resolve("machines").toString(),
                Setting.STATE_DIR, dir.resolve("state").toString())));
        var running = agent.machines();

        agent.close();
        agent.close();

        assertThat(running).isNotEmpty().allMatch(m -> m.isStopped());
    }

    @Test
    void runsOneMachineInTheForegroundWithTheSameServices() throws Exception {
        Path ticker = machine("ticker", TICKER);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AgentConfig config = config(Map.of(Setting.STATE_DIR, dir.resolve("state").toString()));

        try (Agent agent = Agent.startMachine(config, ticker, new ConsoleEventSink(new PrintStream(printed, true)))) {
            assertThat(agent.machines()).extracting(m -> m.name()).containsExactly("ticker");
            assertThat(agent.host()).isEmpty();
            try (KeyValueStore cli = KeyValueStores.open(config.store().url(), ConnectOptions.NONE)) {
                cli.createBucket(BucketConfig.of("CONFIG")).put("spec", "{}".getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.machines().getFirst().state().equals("ticked"));
            await().until(() -> printed.toString(StandardCharsets.UTF_8)
                    .contains("ticker transitioned via event tick: idle => ticked"));
        }
    }

    @Test
    void runningOneMachineAppendsItsEventsToTheEventsFile() throws Exception {
        Path ticker = machine("ticker", TICKER);
        Path eventsFile = dir.resolve("events.jsonl");
        AgentConfig config = config(Map.of(Setting.STATE_DIR, dir.resolve("state").toString(),
                Setting.EVENTS_FILE, eventsFile.toString()));

        try (Agent agent = Agent.startMachine(config, ticker, event -> { })) {
            try (KeyValueStore cli = KeyValueStores.open(config.store().url(), ConnectOptions.NONE)) {
                cli.createBucket(BucketConfig.of("CONFIG")).put("spec", "{}".getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(eventsFile)
                    && Files.readString(eventsFile).contains("\"transition\":\"tick\""));
        }
    }

    @Test
    void aMachineThatDoesNotLoadIsRefusedWithEveryProblem() throws Exception {
        Path broken = machine("broken", "name: broken\nwatchers:\n  - {name: x, type: nope}\n");

        assertThatThrownBy(() -> Agent.startMachine(config(Map.of(Setting.STATE_DIR, dir.resolve("state").toString())),
                broken, event -> { }))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("version: a machine version is required")
                .hasMessageContaining("unknown watcher type 'nope'");
    }

    @Test
    void anUnusableMachinesDirectoryIsRefusedAtStart() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "");

        assertThatThrownBy(() -> Agent.start(config(Map.of(Setting.MACHINES, file.toString(),
                Setting.STATE_DIR, dir.resolve("state").toString()))))
                .isInstanceOf(AgentException.class)
                .hasMessageStartingWith("cannot use machines directory " + file);
    }

    @Test
    void servicesAreFacetsOfTheOneStore() throws Exception {
        AgentConfig config = config(Map.of(Setting.STATE_DIR, dir.resolve("state").toString()));
        try (KeyValueStore store = KeyValueStores.openLazily(config.store().url(), ConnectOptions.NONE)) {
            var services = Agent.services(config, store);

            assertThat(services.store()).containsSame(store);
            assertThat(services.governor()).hasValueSatisfying(g -> assertThat(g.storage()).isNotNull());
            assertThat(services.trust()).isEqualTo(config.trust());
            assertThat(services.machines()).isEmpty();
        }
    }

    @Test
    void keepsTheNodesStatusRecordInItsStoreAndSaysWhenItStopped() throws Exception {
        machine("ticker", TICKER);
        AgentConfig config = config(Map.of(Setting.MACHINES, dir.resolve("machines").toString(),
                Setting.STATE_DIR, dir.resolve("state").toString(), Setting.STATUS_INTERVAL, "1s"));

        try (KeyValueStore cli = KeyValueStores.open(config.store().url(), ConnectOptions.NONE)) {
            try (Agent agent = Agent.start(config)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> record(cli).isPresent());
                NodeStatus record = record(cli).orElseThrow();
                assertThat(record.identity()).isEqualTo("node1");
                assertThat(record.version()).isEqualTo(Agent.version());
                assertThat(record.heartbeat()).isEqualTo(Duration.ofSeconds(1));
                assertThat(record.stopped()).isFalse();
                assertThat(record.machines()).extracting(NodeStatus.MachineStatus::name).containsExactly("ticker");
                assertThat(agent.nodeStatus()).hasValueSatisfying(now -> assertThat(now.identity()).isEqualTo("node1"));

                cli.createBucket(BucketConfig.of("CONFIG")).put("spec", "{}".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(30)).until(() -> record(cli).orElseThrow().machines().getFirst()
                        .state().equals(Optional.of("ticked")));
            }
            NodeStatus last = record(cli).orElseThrow();
            assertThat(last.stopped()).isTrue();
            assertThat(last.machines()).extracting(NodeStatus.MachineStatus::name).containsExactly("ticker");
        }
    }

    @Test
    void runningOneMachineKeepsNoStatusRecord() throws Exception {
        Path ticker = machine("ticker", TICKER);
        AgentConfig config = config(Map.of(Setting.STATE_DIR, dir.resolve("state").toString()));

        try (Agent agent = Agent.startMachine(config, ticker, event -> { })) {
            assertThat(agent.nodeStatus()).isEmpty();
        }
    }

    static Optional<NodeStatus> record(KeyValueStore store) throws Exception {
        if (!store.bucketNames().contains(NodeStatus.BUCKET)) {
            return Optional.empty();
        }
        Optional<mms.kv.Entry> entry = store.bucket(NodeStatus.BUCKET).get("node1");
        return entry.isEmpty() ? Optional.empty() : Optional.of(NodeStatus.parse(entry.get().value()));
    }
}

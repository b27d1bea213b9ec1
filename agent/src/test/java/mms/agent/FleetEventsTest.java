package mms.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.event.EventBus;
import mms.json.Json;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.LogCapture;
import mms.kv.testing.NatsServer;
import mms.kv.testing.NatsServerExtension;
import mms.kv.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several agents in one JVM on one real nats-server, read by a plain jnats subscriber as
 * {@code choria machine watch} or the {@code CHORIA_MACHINE} stream would read them: each event is
 * one message on the original's subject, with the original's JSON, and the bus never holds up a machine.
 */
class FleetEventsTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    /** Settles into {@code healthy} after a second, then runs {@code true} once: timer and exec states, one transition. */
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

    /** Moves between two states every second, for ever (slowed by storm protection). */
    static final String FLIP = """
            name: flip
            version: 1.0.0
            initial_state: left
            transitions:
              - {name: go_right, from: [left], destination: right}
              - {name: go_left, from: [right], destination: left}
            watchers:
              - {name: wait_left, type: timer, state_match: [left], fail_transition: go_right, properties: {timer: 1s}}
              - {name: wait_right, type: timer, state_match: [right], fail_transition: go_left, properties: {timer: 1s}}
            """;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();

    private record Received(String subject, String body, boolean headers, String replyTo) {
        static Received of(Message m) {
            return new Received(m.getSubject(), new String(m.getData(), StandardCharsets.UTF_8), m.hasHeaders(),
                    m.getReplyTo());
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String identity() {
            return json().path("data").path("identity").asText();
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /** An agent of its own identity, machines directory, state directory and events file on {@code store}. */
    private Agent agent(String identity, String store, Map<String, String> machines) throws Exception {
        Path home = Files.createDirectories(dir.resolve(identity));
        for (var machine : machines.entrySet()) {
            Path machineDir = Files.createDirectories(home.resolve("machines").resolve(machine.getKey()));
            Files.writeString(machineDir.resolve("machine.yaml"), machine.getValue());
        }
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.MACHINES, home.resolve("machines").toString());
        flags.put(Setting.STATE_DIR, home.resolve("state").toString());
        flags.put(Setting.STORE, store);
        flags.put(Setting.EVENTS_FILE, eventsFile(identity).toString());
        Agent agent = Agent.start(AgentConfig.resolve(Optional.empty(), Map.of("MMS_IDENTITY", identity), flags));
        closing.add(agent);
        return agent;
    }

    private Path eventsFile(String identity) {
        return dir.resolve(identity).resolve("events.jsonl");
    }

    /** Records every message on {@code subject} from now on. */
    private List<Received> subscribe(Connection nc, String subject) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        Dispatcher dispatcher = nc.createDispatcher(m -> received.add(Received.of(m)));
        dispatcher.subscribe(subject);
        nc.flush(Duration.ofSeconds(5));
        return received;
    }

    private Connection connect(String url) throws Exception {
        Connection nc = Nats.connect(url);
        closing.add(nc);
        return nc;
    }

    private static Predicate<Received> transitionOf(String identity, String toState) {
        return r -> r.subject().equals("choria.machine.transition") && r.identity().equals(identity)
                && r.json().path("data").path("to_state").asText().equals(toState);
    }

    private static Predicate<Received> execState() {
        return r -> r.subject().equals("choria.machine.watcher.exec.state");
    }

    /** The CloudEvent with its per-publication id blanked: what the bus and the events file share. */
    private static String withoutId(String cloudEvent) {
        return cloudEvent.replaceFirst("\"id\":\"[^\"]*\"", "\"id\":\"-\"");
    }

    @Test
    void everyAgentPublishesEachEventAsTheOriginalsJsonOnItsSubject() throws Exception {
        List<Received> received = subscribe(connect(NATS.url()), "choria.machine.>");

        Agent web1 = agent("web1", NATS.url(), Map.of("probe", PROBE));
        Agent web2 = agent("web2", NATS.url(), Map.of("probe", PROBE));

        await().atMost(PATIENCE).until(() -> received.stream().filter(execState()).map(Received::identity).distinct()
                .count() == 2);
        web1.close();
        web2.close();

        Received transition = received.stream().filter(transitionOf("web1", "healthy")).findFirst().orElseThrow();
        assertThat(transition.body()).matches("\\{\"specversion\":\"1.0\",\"id\":\"" + UUID + "\","
                + "\"source\":\"io.choria.machine\",\"type\":\"io.choria.machine.v1.transition\",\"subject\":\"web1\","
                + "\"datacontenttype\":\"application/json\",\"time\":\"" + TIME + "\",\"data\":\\{"
                + "\"protocol\":\"io.choria.machine.v1.transition\",\"identity\":\"web1\",\"id\":\"" + UUID + "\","
                + "\"version\":\"1.0.0\",\"timestamp\":\\d+,\"machine\":\"probe\",\"transition\":\"ok\","
                + "\"from_state\":\"unknown\",\"to_state\":\"healthy\"}}");
        Received state = received.stream().filter(execState().and(r -> r.identity().equals("web2")))
                .findFirst().orElseThrow();
        assertThat(state.body()).matches("\\{\"specversion\":\"1.0\",\"id\":\"" + UUID + "\","
                + "\"source\":\"io.choria.machine\",\"type\":\"io.choria.machine.watcher.exec.v1.state\","
                + "\"subject\":\"web2\",\"datacontenttype\":\"application/json\",\"time\":\"" + TIME + "\",\"data\":\\{"
                + "\"protocol\":\"io.choria.machine.watcher.exec.v1.state\",\"identity\":\"web2\",\"id\":\"" + UUID + "\","
                + "\"version\":\"1.0.0\",\"timestamp\":\\d+,\"type\":\"exec\",\"machine\":\"probe\",\"name\":\"check\","
                + "\"command\":\"true\",\"previous_outcome\":\"success\",\"previous_run_time\":\\d+}}");
        for (Received r : List.of(transition, state)) {
            JsonNode event = r.json();
            assertThat(event.path("time").asText())
                    .isEqualTo(Instant.ofEpochSecond(event.path("data").path("timestamp").asLong()).toString());
            assertThat(event.path("id").asText()).isNotEqualTo(event.path("data").path("id").asText());
        }

        // one plain message per event, the bytes of the events file but for the per-publication id
        assertThat(received).allSatisfy(r -> {
            assertThat(r.headers()).isFalse();
            assertThat(r.replyTo()).isNull();
        });
        for (String identity : List.of("web1", "web2")) {
            List<String> file = Files.readAllLines(eventsFile(identity)).stream().map(FleetEventsTest::withoutId).toList();
            // the closed agents' last messages may still be on their way to the subscriber
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(received.stream()
                    .filter(r -> r.identity().equals(identity)).map(r -> withoutId(r.body())).toList())
                    .isEqualTo(file).isNotEmpty());
        }
        assertThat(web1.eventBus()).hasValueSatisfying(bus -> assertThat(bus.dropped()).isZero());
    }

    @Test
    void governorLifecycleEventsArePublishedOnTheirSubjects() throws Exception {
        String governor = NatsServerExtension.uniqueBucket("gov");
        try (KeyValueStore store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE)) {
            store.governors().add(governor, 1, Duration.ofMinutes(1), 1);
        }
        List<Received> received = subscribe(connect(NATS.url()), "choria.lifecycle.event.governor.>");

        agent("db1", NATS.url(), Map.of("governed", PROBE.replace("name: probe", "name: governed")
                .replace("{command: \"true\"}", "{command: \"true\", governor: " + governor + "}")));

        await().atMost(PATIENCE).until(() -> received.size() == 2);
        assertThat(received).extracting(Received::subject).containsOnly("choria.lifecycle.event.governor.governed");
        assertThat(received.get(0).body()).matches("\\{\"protocol\":\"io.choria.lifecycle.v1.governor\",\"id\":\""
                + UUID + "\",\"identity\":\"db1\",\"component\":\"governed\",\"timestamp\":\\d+,\"governor\":\""
                + governor + "\",\"sequence\":\\d+,\"event_type\":\"enter\"}");
        assertThat(received.get(1).body()).matches("\\{\"protocol\":\"io.choria.lifecycle.v1.governor\",\"id\":\""
                + UUID + "\",\"identity\":\"db1\",\"component\":\"governed\",\"timestamp\":\\d+,\"governor\":\""
                + governor + "\",\"sequence\":\\d+,\"event_type\":\"exit\"}");
    }

    @Test
    void aStoppedServerNeverHoldsUpMachinesAndEventsFlowAgainWhenItIsBack() throws Exception {
        NatsServer own = NatsServer.start(dir.resolve("nats"), List.of());
        closing.add(own);
        Connection watcher = connect(own.url());
        List<Received> received = subscribe(watcher, "choria.machine.transition");
        agent("app1", own.url(), Map.of("flip", FLIP));
        await().atMost(PATIENCE).until(() -> !received.isEmpty());

        own.kill();
        long before = Files.readAllLines(eventsFile("app1")).size();
        await().atMost(PATIENCE).until(() -> Files.readAllLines(eventsFile("app1")).size() >= before + 2);

        own.restart();
        await().atMost(PATIENCE).until(() -> watcher.getStatus() == Connection.Status.CONNECTED);
        int seen = received.size();
        await().atMost(PATIENCE).until(() -> received.size() > seen);
    }

    @Test
    void anUnreachableStoreCountsTheDroppedEventsAndSaysSoOnce() throws Exception {
        String nowhere = "nats://127.0.0.1:" + Ports.free(1)[0];
        try (LogCapture log = LogCapture.of(EventBus.class.getName(), Level.WARN)) {
            Agent agent = agent("lonely", nowhere, Map.of("probe", PROBE));

            // every event the machine went on to emit was dropped, the exec watcher's last
            await().atMost(PATIENCE).until(() -> Files.readString(eventsFile("lonely")).contains("\"command\":\"true\""));
            EventBus bus = agent.eventBus().orElseThrow();
            await().atMost(PATIENCE).until(() -> bus.dropped() == Files.readAllLines(eventsFile("lonely")).size());
            assertThat(log.messagesAt(Level.WARN)).singleElement().asString()
                    .startsWith("dropping events for " + nowhere + ": cannot connect to nats " + nowhere);
        }
    }
}

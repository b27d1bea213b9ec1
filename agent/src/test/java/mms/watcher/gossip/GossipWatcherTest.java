package mms.watcher.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.json.Json;
import mms.template.Template;
import mms.template.TemplateContext;
import mms.watcher.FakeMachine;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gossip watcher publishing through the agent's store on a real nats-server, on a manual clock. */
class GossipWatcherTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @TempDir
    Path dir;

    private KeyValueStore store;
    private Connection observer;

    @BeforeAll
    static void patience() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    @BeforeEach
    void open() throws Exception {
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        observer = Nats.connect(NATS.url());
    }

    @AfterEach
    void close() throws Exception {
        observer.close();
        store.close();
    }

    private FakeMachine machine(String state) {
        return new FakeMachine("gossip", dir, state).services(WatcherServices.NONE.withStore(store));
    }

    private static GossipWatcher watcher(Map<String, Object> properties) throws Exception {
        return (GossipWatcher) new GossipWatcherFactory().create(
                FakeMachine.settings("ginkgo", "gossip", List.of("up"), "", "", Duration.ofSeconds(10)),
                new WatcherProperties("gossip watcher 'ginkgo'", properties), null);
    }

    private Subscription subscribe(String subject) throws Exception {
        Subscription subscription = observer.subscribe(subject);
        observer.flush(Duration.ofSeconds(5));
        return subscription;
    }

    /**
     * The messages that arrived before a marker the test publishes through the store's own
     * connection, which the watcher publishes on too: anything it published before is delivered
     * before the marker, so "nothing more" needs no waiting on time.
     */
    private List<String> drainUntilMarker(Subscription subscription, String subject) throws Exception {
        store.messages().orElseThrow().publish(subject, "marker".getBytes(StandardCharsets.UTF_8));
        List<String> bodies = new ArrayList<>();
        while (true) {
            Message message = subscription.nextMessage(Duration.ofSeconds(10));
            assertThat(message).as("the marker").isNotNull();
            String body = new String(message.getData(), StandardCharsets.UTF_8);
            if (body.equals("marker")) {
                return bodies;
            }
            bodies.add(body);
        }
    }

    private static String next(Subscription subscription) throws Exception {
        Message message = subscription.nextMessage(Duration.ofSeconds(10));
        assertThat(message).as("a gossip message").isNotNull();
        return new String(message.getData(), StandardCharsets.UTF_8);
    }

    @Test
    void publishesAtOnceWhenActiveThenEveryInterval() throws Exception {
        Subscription messages = subscribe("test.gossip.interval");
        FakeMachine machine = machine("up");
        try (var run = machine.start(watcher(Map.of("subject", "test.gossip.interval", "payload", "hello")))) {
            assertThat(next(messages)).isEqualTo("hello");
            run.awaitParked();
            var first = (GossipStateNotification) run.watcherState();
            assertThat(first).isEqualTo(new GossipStateNotification("test.gossip.interval", "hello",
                    machine.clock().instant().getEpochSecond()));

            machine.clock().advance(Duration.ofSeconds(9));
            run.wakeupAndSettle();
            assertThat(drainUntilMarker(messages, "test.gossip.interval")).isEmpty();

            machine.clock().advance(Duration.ofSeconds(1));
            assertThat(next(messages)).isEqualTo("hello");
            await().until(() -> ((GossipStateNotification) run.watcherState()).previousGossip()
                    == first.previousGossip() + 10);
            assertThat(run.published()).as("gossip never publishes its own state").isEmpty();
            assertThat(machine.transitions()).isEmpty();
            assertThat(run.logText()).contains("INFO gossip watcher starting with subject \"test.gossip.interval\" every 10s",
                    "INFO starting gossip while in state up");
        }
    }

    @Test
    void stopsWhenTheMachineLeavesTheWatchedStatesAndStartsAgainOnReturn() throws Exception {
        Subscription messages = subscribe("test.gossip.states");
        FakeMachine machine = machine("up");
        try (var run = machine.start(watcher(Map.of("subject", "test.gossip.states", "payload", "p")))) {
            assertThat(next(messages)).isEqualTo("p");
            run.awaitParked();

            machine.state("down");
            await().until(() -> run.logText().contains("INFO stopping gossip on transition to down"));
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(5));
            run.wakeupAndSettle();
            assertThat(drainUntilMarker(messages, "test.gossip.states")).isEmpty();

            machine.state("up");
            assertThat(next(messages)).isEqualTo("p");
        }
    }

    @Test
    void ttlSecondsSendsTheOriginalsHeader() throws Exception {
        Subscription messages = subscribe("test.gossip.ttl");
        FakeMachine machine = machine("up");
        try (var run = machine.start(watcher(Map.of("subject", "test.gossip.ttl", "payload", "p", "ttl_seconds", 30)))) {
            Message message = messages.nextMessage(Duration.ofSeconds(10));
            assertThat(message).isNotNull();
            assertThat(message.getHeaders().getFirst("Nats-TTLSeconds")).isEqualTo("30s");
        }
    }

    @Test
    void registrationIsStoredInTheServiceRegistryBucket() throws Exception {
        var bucket = store.createBucket(BucketConfig.of("CHORIA_SERVICES"));
        FakeMachine machine = machine("up").renderer(text -> text.replace("{{ lookup \"facts.role\" \"\" }}", "web"));
        Map<String, Object> registration = Map.of("cluster", "lon", "service", "ginkgo", "protocol", "http",
                "ip", "192.168.1.1", "port", 8080, "annotations", Map.of("role", "{{ lookup \"facts.role\" \"\" }}"));
        try (var run = machine.start(watcher(Map.of("registration", registration)))) {
            String key = "lon.http.ginkgo." + machine.instanceId();
            await().until(() -> bucket.get(key).isPresent());

            assertThat(new String(bucket.get(key).orElseThrow().value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"cluster\":\"lon\",\"service\":\"ginkgo\",\"protocol\":\"http\","
                            + "\"address\":\"192.168.1.1\",\"port\":8080,\"priority\":0,\"annotations\":{\"role\":\"web\"}}");
            await().until(() -> ((GossipStateNotification) run.watcherState()).previousSubject()
                    .equals("$KV.CHORIA_SERVICES." + key));
        }
    }

    @Test
    void rendersTemplatesOnEveryPublication() throws Exception {
        Subscription messages = subscribe("test.gossip.site.*");
        String[] site = {"lab"};
        FakeMachine machine = machine("up").renderer(text -> text.replace("{{site}}", site[0]));
        try (var run = machine.start(watcher(Map.of("subject", "test.gossip.site.{{site}}", "payload", "at {{site}}")))) {
            Message first = messages.nextMessage(Duration.ofSeconds(10));
            assertThat(first.getSubject()).isEqualTo("test.gossip.site.lab");
            assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo("at lab");
            run.awaitParked();

            site[0] = "prod";
            machine.clock().advance(Duration.ofSeconds(10));
            Message second = messages.nextMessage(Duration.ofSeconds(10));
            assertThat(second.getSubject()).isEqualTo("test.gossip.site.prod");
        }
    }

    @Test
    void aProblemIsLoggedOnceWhenItStartsAndOnceWhenItEnds() throws Exception {
        Subscription messages = subscribe("test.gossip.problem");
        boolean[] broken = {true};
        FakeMachine machine = machine("up").renderer(text -> {
            if (broken[0] && text.contains("{{")) {
                return Template.render("{{ bad }}", new TemplateContext(Json.object(), Json.object(), log -> { }));
            }
            return text.replace("{{ok}}", "ok");
        });
        try (var run = machine.start(watcher(Map.of("subject", "test.gossip.problem", "payload", "{{ok}}")))) {
            await().until(() -> run.logText().stream().anyMatch(l -> l.startsWith("ERROR")));
            run.awaitParked();
            machine.clock().advance(Duration.ofSeconds(10));
            run.wakeupAndSettle();
            machine.clock().advance(Duration.ofSeconds(10));
            run.wakeupAndSettle();

            assertThat(run.logText()).filteredOn(l -> l.startsWith("ERROR")).containsExactly(
                    "ERROR could not render the payload: template: machine:1:3: function \"bad\" not defined");
            assertThat(run.watcherState()).isEqualTo(GossipStateNotification.NEVER);

            broken[0] = false;
            machine.clock().advance(Duration.ofSeconds(10));
            assertThat(next(messages)).isEqualTo("ok");
            await().until(() -> run.logText().contains("INFO gossip published again to test.gossip.problem"));
        }
    }

    @Test
    void aRenderedSubjectThatIsInvalidIsNotPublished() throws Exception {
        FakeMachine machine = machine("up").renderer(text -> text.replace("{{site}}", "a b"));
        try (var run = machine.start(watcher(Map.of("subject", "test.{{site}}", "payload", "p")))) {
            await().until(() -> run.logText().contains("ERROR cannot gossip: subject 'test.a b' rendered from "
                    + "'test.{{site}}' is not a valid subject: it contains a space"));
            assertThat(run.watcherState()).isEqualTo(GossipStateNotification.NEVER);
        }
    }

    @Test
    void onAStoreWithoutMessageBusItRunsAndSaysOnceWhyNothingIsPublished() throws Exception {
        try (KeyValueStore sqlite = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            FakeMachine machine = new FakeMachine("gossip", dir, "up").services(WatcherServices.NONE.withStore(sqlite));
            try (var run = machine.start(watcher(Map.of("subject", "a.b", "payload", "p")))) {
                await().until(() -> run.logText().stream().anyMatch(l -> l.startsWith("ERROR")));
                run.awaitParked();
                machine.clock().advance(Duration.ofSeconds(10));
                run.wakeupAndSettle();

                assertThat(run.logText()).filteredOn(l -> l.startsWith("ERROR")).containsExactly(
                        "ERROR cannot gossip: the agent's store " + sqlite.description() + " has no message bus; "
                                + "gossip needs a NATS store (store: nats://host:port)");
                assertThat(run.logText()).contains("DEBUG cannot gossip: the agent's store " + sqlite.description()
                        + " has no message bus; gossip needs a NATS store (store: nats://host:port)");
                assertThat(run.watcherState()).isEqualTo(GossipStateNotification.NEVER);
            }
        }
    }
}

package mms.kv.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mms.kv.ConnectOptions;
import mms.kv.InvalidName;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.Messages;
import mms.kv.testing.LogCapture;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscriptions on the store's own connection, against a real nats-server. */
class JetStreamMessagesTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension(List.of("-m", "-1"));

    private record Received(String subject, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private KeyValueStore store;
    private Messages messages;

    @BeforeEach
    void open() throws Exception {
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        messages = store.messages().orElseThrow();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void record(String subject, byte[] body) {
        received.add(new Received(subject, new String(body, StandardCharsets.UTF_8)));
    }

    /** Publishes and waits until the server has it: closing a connection does not flush what it queued. */
    private static void publish(Connection nc, String subject, String body) throws Exception {
        nc.publish(subject, body.getBytes(StandardCharsets.UTF_8));
        nc.flush(Duration.ofSeconds(5));
    }

    @Test
    void deliversEveryMatchingMessageWithItsSubjectInArrivalOrder() throws Exception {
        messages.subscribe("test.order.transition", this::record);
        messages.subscribe("test.order.watcher.*.state", this::record);
        try (Connection nc = Nats.connect(NATS.url())) {
            publish(nc, "test.order.transition", "1");
            publish(nc, "test.order.watcher.exec.state", "2");
            publish(nc, "test.order.other", "not subscribed");
            publish(nc, "test.order.watcher.kv.state", "3");
            publish(nc, "test.order.transition", "");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(4));
        assertThat(received).containsExactly(new Received("test.order.transition", "1"),
                new Received("test.order.watcher.exec.state", "2"), new Received("test.order.watcher.kv.state", "3"),
                new Received("test.order.transition", ""));
    }

    @Test
    void receivesWhatTheStoreItselfPublishes() throws Exception {
        messages.subscribe("test.self.>", this::record);

        messages.publish("test.self.a", "{}".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(new Received("test.self.a", "{}")));
    }

    @Test
    void publishesHeadersWithTheMessage() throws Exception {
        try (Connection nc = Nats.connect(NATS.url())) {
            var subscription = nc.subscribe("test.headers");
            nc.flush(Duration.ofSeconds(5));

            messages.publish("test.headers", Map.of("Nats-TTLSeconds", "30s"), "hello".getBytes(StandardCharsets.UTF_8));

            var message = subscription.nextMessage(Duration.ofSeconds(10));
            assertThat(message).isNotNull();
            assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(message.getHeaders().getFirst("Nats-TTLSeconds")).isEqualTo("30s");
        }
    }

    @Test
    void handlersThatAskForHeadersReceiveThem() throws Exception {
        List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
        messages.subscribe("test.received.headers", new Messages.Handler() {
            @Override
            public void onMessage(String subject, byte[] body) {
                throw new AssertionError("the headers are asked for");
            }

            @Override
            public void onMessage(String subject, Map<String, String> h, byte[] body) {
                headers.add(h);
            }
        });

        messages.publish("test.received.headers", Map.of("Nats-Sequence", "7"), new byte[0]);
        messages.publish("test.received.headers", new byte[0]);

        await().atMost(Duration.ofSeconds(10)).until(() -> headers.size() == 2);
        assertThat(headers).containsExactly(Map.of("Nats-Sequence", "7"), Map.of());
    }

    @Test
    void refusesAnInvalidHeaderNameNamingIt() {
        assertThatThrownBy(() -> messages.publish("test.headers", Map.of("bad name", "x"), new byte[0]))
                .isInstanceOf(InvalidName.class).hasMessageStartingWith("cannot publish to 'test.headers' with headers [bad name]");
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() throws Exception {
        Messages.Subscription closed = messages.subscribe("test.closed.a", this::record);
        messages.subscribe("test.closed.b", this::record);
        closed.close();
        closed.close();

        try (Connection nc = Nats.connect(NATS.url())) {
            publish(nc, "test.closed.a", "after close");
            publish(nc, "test.closed.b", "marker");
        }

        // one delivery thread: the marker published after the other message arrives after it would have
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(new Received("test.closed.b", "marker")));
        assertThat(received).containsExactly(new Received("test.closed.b", "marker"));
    }

    @Test
    void aFailingHandlerIsLoggedAndLaterMessagesStillArrive() throws Exception {
        try (LogCapture log = LogCapture.of(JetStreamMessages.class.getName(), Level.WARN)) {
            messages.subscribe("test.failing", (subject, body) -> {
                if (new String(body, StandardCharsets.UTF_8).equals("bad")) {
                    throw new IllegalStateException("cannot handle this one");
                }
                record(subject, body);
            });
            try (Connection nc = Nats.connect(NATS.url())) {
                publish(nc, "test.failing", "bad");
                publish(nc, "test.failing", "good");
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(new Received("test.failing", "good")));
            assertThat(log.messages(Level.WARN)).containsExactly("handler of the subscription to test.failing failed on a "
                    + "message on test.failing: java.lang.IllegalStateException: cannot handle this one");
        }
    }

    @Test
    void closingTheStoreSendsWhatWasPublishedFirst() throws Exception {
        try (Connection nc = Nats.connect(NATS.url())) {
            var subscription = nc.subscribe("test.closing");
            nc.flush(Duration.ofSeconds(5));
            KeyValueStore closing = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
            for (int n = 0; n < 20000; n++) {
                closing.messages().orElseThrow().publish("test.closing", Integer.toString(n).getBytes(StandardCharsets.UTF_8));
            }

            closing.close();

            for (int n = 0; n < 20000; n++) {
                var message = subscription.nextMessage(Duration.ofSeconds(10));
                assertThat(message).as("message %d", n).isNotNull();
                assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(n));
            }
        }
    }

    @Test
    void refusesAnInvalidSubjectNamingIt() {
        assertThatThrownBy(() -> messages.subscribe("has space", this::record))
                .isInstanceOf(InvalidName.class).hasMessageStartingWith("cannot subscribe to 'has space'");
    }

    @Test
    void subscribesOnTheStoresOneConnection() throws Exception {
        int before = connections();
        messages.subscribe("test.one.a", this::record);
        messages.subscribe("test.one.b", this::record);

        assertThat(connections()).isEqualTo(before);
        assertThat(before).isEqualTo(1);
    }

    @Test
    void aSubscriptionOutlivesAServerRestart() throws Exception {
        messages.subscribe("test.restart", this::record);

        NATS.server().restart();

        try (Connection nc = Nats.connect(NATS.url())) {
            // the store reconnects and subscribes again on its own schedule: publish until it has
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                publish(nc, "test.restart", "after");
                return received.contains(new Received("test.restart", "after"));
            });
        }
    }

    /** The server's count of client connections, from its monitoring endpoint. */
    private static int connections() throws Exception {
        String url = NATS.server().monitorUrl().orElseThrow() + "/varz";
        try (HttpClient http = HttpClient.newHttpClient()) {
            String varz = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"connections\":\\s*(\\d+)").matcher(varz);
            assertThat(m.find()).as("connections in %s", varz).isTrue();
            return Integer.parseInt(m.group(1));
        }
    }
}

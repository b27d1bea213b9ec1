package mms.governor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.json.Json;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvException;
import mms.kv.StoreUnavailable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernorEventSinkTest {
    private final GovernorEvent event = GovernorEvent.of(GovernorEventType.ENTER, "node1", "web", "downloads", 4,
            Instant.ofEpochSecond(1700000000));

    private record Published(String subject, String body) {}

    @Test
    void publishesTheOriginalsJsonOnTheEventsSubject() {
        List<Published> published = new CopyOnWriteArrayList<>();
        GovernorEventSink sink = GovernorEventSink.publishedOn(
                (subject, body) -> published.add(new Published(subject, new String(body, StandardCharsets.UTF_8))));
        sink.publish(event);
        assertThat(published).containsExactly(
                new Published("choria.lifecycle.event.governor.web", Json.write(event.json())));
    }

    @Test
    void aStoreThatCannotPublishNeverFailsTheWorkItReports() {
        GovernorEventSink down = GovernorEventSink.publishedOn((subject, body) -> {
            throw new StoreUnavailable("nats is down");
        });
        GovernorEventSink refused = GovernorEventSink.publishedOn((subject, body) -> {
            throw new KvException("permissions violation for publish to " + subject);
        });
        assertThatCode(() -> down.publish(event)).doesNotThrowAnyException();
        assertThatCode(() -> refused.publish(event)).doesNotThrowAnyException();
    }

    @Test
    void theGovernorsOfAStoreWithoutMessagesAnnounceToTheSinkOnly(@TempDir Path dir) throws Exception {
        List<GovernorEvent> events = new CopyOnWriteArrayList<>();
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE)) {
            Governor governor = Governor.of(store, events::add);
            governor.announce(event);
            assertThat(events).containsExactly(event);
        }
    }
}

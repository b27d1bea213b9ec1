package mms.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import mms.kv.MessagePublisher;
import mms.kv.StoreUnavailable;
import mms.kv.testing.LogCapture;
import mms.time.Backoff;
import mms.time.ManualTimeSource;
import mms.time.TimeSource;
import org.junit.jupiter.api.Test;

/** The outbox on the bus: in order when the bus takes messages, never in the way when it does not. */
class EventBusTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private record Published(String subject, String body) {}

    private static TransitionNotification transition(int n) {
        return new TransitionNotification("web1", "d1c0", "1.0.0", 1714557600L + n, "probe", "ok", "unknown",
                "healthy");
    }

    /** The CloudEvent JSON without its per-publication id. */
    private static String withoutId(String cloudEvent) {
        return cloudEvent.replaceFirst("\"id\":\"[^\"]*\"", "\"id\":\"-\"");
    }

    /** A publisher that blocks until released, like a client whose outgoing queue is full. */
    private static final class BlockingPublisher implements MessagePublisher {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Published> published = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String subject, byte[] body) throws StoreUnavailable {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailable("interrupted while publishing", e);
            }
            published.add(new Published(subject, new String(body, StandardCharsets.UTF_8)));
        }
    }

    @Test
    void publishesEachEventsCloudEventOnItsSubjectInOrder() {
        List<Published> published = new CopyOnWriteArrayList<>();
        WatcherStateNotification state = new WatcherStateNotification("web1", "d1c0", "1.0.0", 1714557600L, "exec",
                "probe", "check", new WatcherState() {
                    @Override
                    public void writeTo(com.fasterxml.jackson.databind.node.ObjectNode data) {
                        data.put("command", "./check.sh");
                    }

                    @Override
                    public String text(String identity, String machine, String watcher) {
                        return identity;
                    }
                });

        try (EventBus bus = EventBus.start((subject, body) -> published.add(
                new Published(subject, new String(body, StandardCharsets.UTF_8))), "test")) {
            bus.publish(transition(1));
            bus.publish(state);
            bus.publish("choria.lifecycle.event.governor.probe", "{}".getBytes(StandardCharsets.UTF_8));

            await().atMost(PATIENCE).until(() -> published.size() == 3);
        }
        assertThat(published).extracting(Published::subject).containsExactly("choria.machine.transition",
                "choria.machine.watcher.exec.state", "choria.lifecycle.event.governor.probe");
        assertThat(withoutId(published.get(0).body())).isEqualTo(withoutId(CloudEvents.toJson(transition(1))));
        assertThat(withoutId(published.get(1).body())).isEqualTo(withoutId(CloudEvents.toJson(state)));
        assertThat(published.get(2).body()).isEqualTo("{}");
    }

    @Test
    void aBusThatBlocksNeverHoldsUpThePublisherAndItsDropsAreCountedAndLoggedOnce() throws Exception {
        BlockingPublisher blocking = new BlockingPublisher();
        try (LogCapture log = LogCapture.of(EventBus.class.getName(), Level.INFO);
             EventBus bus = EventBus.start(blocking, "nats://nats1:4222", 3, TimeSource.system(),
                     Backoff.fixed(Duration.ofMillis(1)))) {
            bus.publish(transition(0));
            blocking.entered.await();
            for (int n = 1; n <= 8; n++) {
                bus.publish(transition(n));
            }

            assertThat(bus.pending()).isEqualTo(3);
            assertThat(bus.dropped()).isEqualTo(5);
            assertThat(log.messagesAt(Level.WARN)).containsExactly("dropping events for nats://nats1:4222: the bus "
                    + "does not keep up and the buffer of 3 messages is full; machines are not held up, each dropped "
                    + "event is counted");

            blocking.release.countDown();
            await().atMost(PATIENCE).until(() -> blocking.published.size() == 4);
            assertThat(blocking.published).extracting(p -> withoutId(p.body()))
                    .containsExactly(withoutId(CloudEvents.toJson(transition(0))), withoutId(CloudEvents.toJson(transition(1))),
                            withoutId(CloudEvents.toJson(transition(2))), withoutId(CloudEvents.toJson(transition(3))));
            await().atMost(PATIENCE).until(() -> log.messagesAt(Level.INFO)
                    .contains("events are published on nats://nats1:4222 again; 5 were dropped"));
            assertThat(log.messagesAt(Level.WARN)).hasSize(1);
        }
    }

    @Test
    void aStoreThatCannotPublishHasItsDropsCountedReportedOnceAndRemindedOfSlowly() {
        ManualTimeSource clock = new ManualTimeSource(Instant.parse("2026-01-01T10:00:00Z"));
        AtomicBoolean down = new AtomicBoolean(true);
        List<Published> published = new CopyOnWriteArrayList<>();
        MessagePublisher store = (subject, body) -> {
            if (down.get()) {
                throw new StoreUnavailable("cannot connect to nats nats://nats1:4222: Unable to connect");
            }
            published.add(new Published(subject, new String(body, StandardCharsets.UTF_8)));
        };
        try (LogCapture log = LogCapture.of(EventBus.class.getName(), Level.INFO);
             EventBus bus = EventBus.start(store, "nats://nats1:4222", 100, clock, Backoff.fixed(Duration.ofSeconds(1)))) {
            for (int n = 0; n < 5; n++) {
                bus.publish(transition(n));
            }
            // each failed publish pauses the thread for a second of the manual clock
            await().atMost(PATIENCE).until(() -> {
                if (clock.waiters() > 0) {
                    clock.advance(Duration.ofSeconds(1));
                }
                return bus.dropped() == 5;
            });
            assertThat(log.messagesAt(Level.WARN)).containsExactly("dropping events for nats://nats1:4222: cannot "
                    + "connect to nats nats://nats1:4222: Unable to connect; machines are not held up, each dropped "
                    + "event is counted");

            // pausing after the last failure, or waiting for more: either way the next one fails after the reminder period
            clock.advance(EventBus.REMINDER);
            bus.publish(transition(5));
            await().atMost(PATIENCE).until(() -> bus.dropped() == 6);
            assertThat(log.messagesAt(Level.WARN)).hasSize(2).last().isEqualTo("still dropping events for "
                    + "nats://nats1:4222 (6 dropped since 2026-01-01T10:00:00Z): cannot connect to nats "
                    + "nats://nats1:4222: Unable to connect");

            down.set(false);
            await().atMost(PATIENCE).until(() -> clock.waiters() > 0);
            clock.advance(Duration.ofSeconds(1));
            bus.publish(transition(6));
            await().atMost(PATIENCE).until(() -> published.size() == 1);
            await().atMost(PATIENCE).until(() -> log.messagesAt(Level.INFO)
                    .contains("events are published on nats://nats1:4222 again; 6 were dropped"));
        }
    }

    @Test
    void closingPublishesWhatIsQueued() {
        List<Published> published = new CopyOnWriteArrayList<>();
        EventBus bus = EventBus.start((subject, body) -> published.add(new Published(subject, "")), "test");
        for (int n = 0; n < 100; n++) {
            bus.publish(transition(n));
        }

        bus.close();
        bus.close();

        assertThat(published).hasSize(100);
        assertThat(bus.dropped()).isZero();
        assertThat(bus.pending()).isZero();
    }

    @Test
    void closingGivesUpOnABusThatDoesNotTakeMessagesAndCountsWhatWasLeft() throws Exception {
        BlockingPublisher blocking = new BlockingPublisher();
        EventBus bus = EventBus.start(blocking, "test", 10, TimeSource.system(), Backoff.fixed(Duration.ofMillis(1)));
        try (LogCapture log = LogCapture.of(EventBus.class.getName(), Level.WARN)) {
            bus.publish(transition(0));
            blocking.entered.await();
            bus.publish(transition(1));
            bus.publish(transition(2));

            bus.close();

            // the one being published when the thread was stopped, and the two behind it
            assertThat(bus.dropped()).isEqualTo(3);
            assertThat(log.messagesAt(Level.WARN)).contains("2 events were not published on test before the agent stopped");
        }
        bus.publish(transition(3));
        assertThat(bus.dropped()).isEqualTo(4);
        assertThat(blocking.published).isEmpty();
    }
}

package mms.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import mms.kv.KvException;
import mms.kv.MessagePublisher;
import mms.time.Backoff;
import mms.time.FailureSeries;
import mms.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's outbox on the message bus: every machine event as its CloudEvent JSON on the
 * original's subject ({@link MachineEvent#subject()}), and any other message given to
 * {@link #publish(String, byte[])} (governor lifecycle events), published in order through the
 * store's messages by one virtual thread.
 *
 * <p>A slow or absent bus never blocks a machine: {@code publish} only puts the message in a
 * buffer of {@value #CAPACITY} messages and returns. A message that finds the buffer full, or that
 * the store cannot publish (not connected yet, or its client's reconnect buffer is full), is
 * dropped and counted ({@link #dropped()}); after a failed publish the thread pauses (1 s doubling
 * to 30 s) while messages queue up. Dropping is logged once at WARN when it starts, reminded of
 * every 10 minutes while it lasts, and its end (the buffer drained again) once at INFO. Thread safe.
 */
public final class EventBus implements EventSink, MessagePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    /**
     * How many messages wait for the bus at most: minutes of a busy node's events (a few hundred
     * bytes each, so a few megabytes when full), while a bus that is gone for longer does not grow
     * the agent's memory.
     */
    public static final int CAPACITY = 10_000;
    /** How long dropping stays quiet after it was reported. */
    static final Duration REMINDER = Duration.ofMinutes(10);
    /** The pause after a failed publish, so a store that cannot connect is not asked again for every message. */
    static final Backoff PAUSE = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));
    /** How long {@link #close()} lets the thread publish what is left. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private record Message(String subject, byte[] body) {}

    /** Tells the thread to stop once the buffer is empty. */
    private static final Message END = new Message("", new byte[0]);

    private final MessagePublisher messages;
    private final String bus;
    private final int capacity;
    private final BlockingQueue<Message> queue;
    private final TimeSource time;
    private final Backoff pause;
    private final AtomicLong dropped = new AtomicLong();
    private final Object reporting = new Object();
    /** Guarded by {@link #reporting}. */
    private final FailureSeries dropping = new FailureSeries(REMINDER);
    /** Guarded by {@link #reporting}: {@link #dropped} when the current series began. */
    private long droppedBefore;
    private volatile boolean failing;
    private volatile boolean closed;
    private final Thread drainer;

    private EventBus(MessagePublisher messages, String bus, int capacity, TimeSource time, Backoff pause) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.time = Objects.requireNonNull(time, "time");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.drainer = Thread.ofVirtual().name("event-bus").unstarted(this::drain);
    }

    /**
     * Starts publishing through {@code messages}.
     *
     * @param messages the store's messages, not null
     * @param bus      names the bus in log lines, without credentials, e.g. {@code nats://nats1:4222}
     * @return the running outbox; close it before the store
     */
    public static EventBus start(MessagePublisher messages, String bus) {
        return start(messages, bus, CAPACITY, TimeSource.system(), PAUSE);
    }

    /** {@link #start(MessagePublisher, String)} with another buffer size, clock and pause (tests). */
    static EventBus start(MessagePublisher messages, String bus, int capacity, TimeSource time, Backoff pause) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event bus capacity must be positive, got " + capacity);
        }
        EventBus eventBus = new EventBus(messages, bus, capacity, time, pause);
        eventBus.drainer.start();
        return eventBus;
    }

    /** Queues the event's CloudEvent JSON (the bytes of the events file) on its subject; never blocks. */
    @Override
    public void publish(MachineEvent event) {
        publish(event.subject(), CloudEvents.toJson(event).getBytes(StandardCharsets.UTF_8));
    }

    /** Queues a message; never blocks and never throws: a message that does not fit is dropped and counted. */
    @Override
    public void publish(String subject, byte[] body) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        if (closed) {
            dropped.incrementAndGet();
            return;
        }
        if (!queue.offer(new Message(subject, body))) {
            dropped("the bus does not keep up and the buffer of " + capacity + " messages is full");
        }
    }

    /** How many messages were dropped since the start: not accepted by a full buffer or not taken by the store. */
    public long dropped() {
        return dropped.get();
    }

    /** How many messages wait to be published now. */
    public int pending() {
        return queue.size();
    }

    private void drain() {
        try {
            while (true) {
                Message message = queue.take();
                if (message == END) {
                    return;
                }
                if (send(message)) {
                    if (failing && queue.isEmpty()) {
                        recovered();
                    }
                } else {
                    int retry;
                    synchronized (reporting) {
                        retry = dropping.failures();
                    }
                    time.sleep(pause.delay(retry, RandomGenerator.getDefault()));
                }
                if (closed && queue.isEmpty()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closing: what is left is counted by close()
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes one message; a failure drops it. @return whether the store took it */
    private boolean send(Message message) {
        try {
            messages.publish(message.subject(), message.body());
            return true;
        } catch (KvException e) {
            dropped(e.getMessage());
        } catch (RuntimeException e) {
            dropped(e.toString());
        }
        return false;
    }

    private void dropped(String reason) {
        long total = dropped.incrementAndGet();
        synchronized (reporting) {
            failing = true;
            switch (dropping.failed("dropping", time.instant())) {
                case NEW -> {
                    droppedBefore = total - 1;
                    LOG.warn("dropping events for {}: {}; machines are not held up, each dropped event is counted",
                            bus, reason);
                }
                case REMINDER -> LOG.warn("still dropping events for {} ({} dropped since {}): {}", bus,
                        total - droppedBefore, dropping.since().orElseThrow(), reason);
                case QUIET -> LOG.debug("dropped an event for {}: {}", bus, reason);
            }
        }
    }

    private void recovered() {
        synchronized (reporting) {
            long lost = dropped.get() - droppedBefore;
            if (dropping.succeeded()) {
                LOG.info("events are published on {} again; {} were dropped", bus, lost);
            }
            failing = false;
        }
    }

    /**
     * Stops accepting messages, lets the thread publish what is queued for up to two seconds, then
     * stops it; what is still queued is counted as dropped. Close it before the store it publishes
     * through. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // when the buffer is full the thread is busy and stops on its own once it is empty
        queue.offer(END);
        try {
            if (!drainer.join(CLOSE_GRACE)) {
                drainer.interrupt();
                drainer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = queue.stream().filter(m -> m != END).count();
        queue.clear();
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.warn("{} events were not published on {} before the agent stopped", left, bus);
        }
    }
}

package mms.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import mms.duration.GoDuration;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.kv.BucketConfig;
import mms.kv.BucketNotFound;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.StoreState;
import mms.runtime.MachineSnapshot;
import mms.time.Backoff;
import mms.time.FailureSeries;
import mms.time.TimeSource;
import mms.time.Wakeup;
import mms.watcher.AgentHealth;
import mms.watcher.RolloutReport;
import mms.watcher.SpecificationReport;
import mms.watcher.SpecificationReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link NodeStatus} record in the store: in bucket {@value NodeStatus#BUCKET}
 * (created when missing, with one entry per key and no expiry) under {@link NodeStatus#key}.
 *
 * <p>The record is rewritten when something in it changes, at most once per
 * {@link #COALESCE} (changes in between are written together), and otherwise every heartbeat: a
 * random time between three quarters of the interval and the interval, so nodes started together do
 * not write together and a record is never older than the interval it announces. Changes are
 * noticed from the events and decisions the publisher hears (it is an {@link EventSink} and a
 * {@link SpecificationReporter}) and by comparing the record with the last one written every
 * {@link #COALESCE}, which catches what has no event (a machine loaded, reloaded or stopped).
 *
 * <p>It never holds up a machine: events and decisions are only noted, and all store work happens
 * on its own thread ({@code status#publisher}). A failed write is retried with backoff (1 s
 * doubling up to the interval) and always writes the latest record, so a node whose store was
 * down reappears as soon as the store is back; the failure is logged once at WARN (a reminder
 * every 10 minutes) and the recovery once at INFO. {@link #close()} writes a last record saying
 * the agent stopped, waiting at most {@link #LAST_WRITE_WAIT} for the store.
 */
public final class StatusPublisher implements EventSink, SpecificationReporter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    /** The heartbeat interval when none is configured. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** The shortest time between two writes: changes within it are written together. */
    static final Duration COALESCE = Duration.ofSeconds(1);
    /** How long closing waits for the last record to be written. */
    static final Duration LAST_WRITE_WAIT = Duration.ofSeconds(5);
    private static final Duration FAILURE_REMINDER = Duration.ofMinutes(10);

    /**
     * Who this node is and how often it reports.
     *
     * @param identity the node's identity, not empty
     * @param version  the agent's version, not null
     * @param started  when the agent started, not null
     * @param interval the heartbeat interval ({@code status_interval}), at least {@link #MIN_INTERVAL}
     */
    public record Options(String identity, String version, Instant started, Duration interval) {
        /**
         * The shortest heartbeat interval (tests use it; a fleet should not). Here rather than in
         * the publisher, so that the settings can check {@code status_interval} without setting up
         * the publisher's logging, which every command resolving its settings would then pay for.
         */
        public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

        /** Validates. @throws IllegalArgumentException naming the bad value */
        public Options {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(interval, "interval");
            if (identity.isEmpty()) {
                throw new IllegalArgumentException("a node status needs an identity");
            }
            if (interval.compareTo(MIN_INTERVAL) < 0) {
                throw new IllegalArgumentException("status interval " + GoDuration.format(interval)
                        + " is too small, minimum is " + GoDuration.format(MIN_INTERVAL));
            }
        }
    }

    private final Options options;
    private final KeyValueStore store;
    private final TimeSource time;
    private final RandomGenerator random;
    private final StatusComposer composer;
    private final String key;
    private final Backoff retry;
    private final Wakeup wakeup = new Wakeup();
    private final FailureSeries failures = new FailureSeries(FAILURE_REMINDER);
    private volatile Supplier<List<MachineSnapshot>> machines = List::of;
    private volatile boolean closing;
    /** When the store last took a record; null before the first. */
    private volatile Instant lastWritten;
    private Thread thread;
    private boolean closed;
    /** The bucket, once found or created; publisher thread only. */
    private KeyValueBucket bucket;

    /**
     * A publisher that writes nothing until {@link #start}.
     *
     * @param options who this node is, not null
     * @param store   the agent's one store session, not null
     * @param time    the clock of {@code updated} and of the waits, not null
     * @param random  the heartbeat's and the retries' jitter, not null
     */
    public StatusPublisher(Options options, KeyValueStore store, TimeSource time, RandomGenerator random) {
        this.options = Objects.requireNonNull(options, "options");
        this.store = Objects.requireNonNull(store, "store");
        this.time = Objects.requireNonNull(time, "time");
        this.random = Objects.requireNonNull(random, "random");
        this.composer = new StatusComposer(options.identity(), options.version(), options.started(), options.interval());
        this.key = NodeStatus.key(options.identity());
        this.retry = Backoff.exponential(Duration.ofSeconds(1), options.interval());
    }

    /**
     * Starts writing: a first record at once, then as described above. Calling it again does nothing.
     *
     * @param running what runs now, asked on every check; must be quick and must not block
     */
    public synchronized void start(Supplier<List<MachineSnapshot>> running) {
        Objects.requireNonNull(running, "running");
        if (thread != null || closed) {
            return;
        }
        machines = running;
        thread = Thread.ofVirtual().name("status#publisher").start(this::run);
    }

    /** The record as it would be written now (the agent's {@code /status}). */
    public NodeStatus current() {
        return composer.compose(machines.get(), time.instant());
    }

    /**
     * When the store last took this node's record: the agent's last confirmed contact with the
     * fleet. Empty before the first write.
     */
    public Optional<Instant> lastWritten() {
        return Optional.ofNullable(lastWritten);
    }

    /**
     * The agent's health as this publisher sees it, for the nagios {@code choria_status} builtin:
     * when the agent started, its heartbeat, when the store last took its record, whether the
     * store is connected, how many machines run and what is wrong with the last specification.
     *
     * @param certificate the client certificate the agent connects to its store with, if any
     * @param credentials the NATS credentials file it connects with, if any
     */
    public AgentHealth health(Optional<Path> certificate, Optional<Path> credentials) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(credentials, "credentials");
        return () -> {
            NodeStatus now = current();
            int running = (int) now.machines().stream().filter(m -> m.state().isPresent()).count();
            Optional<String> problem = now.specification().flatMap(NodeStatus.SpecificationStatus::decision)
                    .filter(d -> d.outcome() != NodeStatus.Outcome.APPLIED)
                    .map(d -> "specification " + d.digest().substring(0, Math.min(12, d.digest().length())) + " was "
                            + d.outcome().wireName() + d.reason().map(reason -> ": " + reason).orElse(""));
            return Optional.of(new AgentHealth.Report(options.started(), options.interval(), lastWritten(),
                    store.state() == StoreState.CONNECTED, certificate, credentials, running, problem));
        };
    }

    /** Notes a manager's archive outcome; never blocks. */
    @Override
    public void publish(MachineEvent event) {
        composer.event(event);
        wakeup.signal();
    }

    /** Notes a machines watcher's decision; never blocks. */
    @Override
    public void report(SpecificationReport report) {
        composer.decided(report);
        wakeup.signal();
    }

    /** Notes where the node is in the rollouts a machines watcher supervises; never blocks. */
    @Override
    public void rollouts(String machine, Map<String, RolloutReport> rollouts) {
        composer.rollouts(machine, rollouts);
        wakeup.signal();
    }

    /**
     * Stops writing, after a last record that says the agent stopped (waiting at most
     * {@link #LAST_WRITE_WAIT} for the store). Call it while the machines still run, so the last
     * record lists them. Idempotent.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        if (running == null) {
            return;
        }
        closing = true;
        wakeup.signal();
        try {
            if (!running.join(LAST_WRITE_WAIT)) {
                LOG.warn("the last status record was not written to {} within {}: stopping without it",
                        store.description(), GoDuration.format(LAST_WRITE_WAIT));
                running.interrupt();
            }
        } catch (InterruptedException e) {
            running.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        NodeStatus written = null;
        Instant notBefore = Instant.MIN;
        Instant heartbeat = Instant.MIN;
        while (!closing) {
            try {
                Instant now = time.instant();
                NodeStatus status = current();
                boolean changed = written == null || !status.withUpdated(written.updated()).equals(written);
                boolean due = changed || failures.failures() > 0 || !now.isBefore(heartbeat);
                if (due && !now.isBefore(notBefore)) {
                    if (write(status)) {
                        written = status;
                        notBefore = now.plus(COALESCE);
                        heartbeat = now.plus(jittered(options.interval()));
                        due = false;
                    } else {
                        notBefore = now.plus(retry.delay(failures.failures(), random));
                    }
                }
                Instant sample = now.plus(COALESCE);
                time.await(wakeup, due ? notBefore : (heartbeat.isBefore(sample) ? heartbeat : sample));
            } catch (InterruptedException e) {
                return; // close gave up waiting: no last record
            } catch (RuntimeException e) {
                // a bug composing the record must not end the reports: try again a little later
                LOG.error("could not compose this node's status record: {}", e.toString(), e);
                try {
                    time.sleep(COALESCE);
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        }
        try {
            if (write(current().asStopped())) {
                LOG.debug("wrote the last status record of {}: stopped", options.identity());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not write the last status record: {}", e.toString());
        }
    }

    /** Between three quarters of {@code interval} and all of it. */
    private Duration jittered(Duration interval) {
        long nanos = interval.toNanos();
        return Duration.ofNanos(nanos - random.nextLong(nanos / 4 + 1));
    }

    /** Writes {@code status}; reports a failure (once) and a recovery. @return whether it was written */
    private boolean write(NodeStatus status) {
        try {
            bucket().put(key, status.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (KvException e) {
            if (e instanceof BucketNotFound) {
                bucket = null; // removed under us: create it again next time
            }
            Instant now = time.instant();
            switch (failures.failed(e.getMessage(), now)) {
                case NEW -> LOG.warn("cannot write this node's status record to {}, writing it when the store is back:"
                        + " {}", store.description(), e.getMessage());
                case REMINDER -> LOG.warn("still cannot write this node's status record to {} ({} attempts since {}): {}",
                        store.description(), failures.failures(), failures.since().orElse(now), e.getMessage());
                case QUIET -> LOG.debug("cannot write this node's status record ({} attempts): {}",
                        failures.failures(), e.getMessage());
            }
            return false;
        }
        lastWritten = time.instant();
        Instant since = failures.since().orElse(null);
        if (failures.succeeded() && since != null) {
            LOG.info("this node's status record is written to {} again, after {}", store.description(),
                    GoDuration.format(Duration.between(since, time.instant())));
        }
        return true;
    }

    private KeyValueBucket bucket() throws KvException {
        if (bucket == null) {
            try {
                bucket = store.bucket(NodeStatus.BUCKET);
            } catch (BucketNotFound e) {
                bucket = store.createBucket(BucketConfig.of(NodeStatus.BUCKET));
                LOG.info("created bucket {} in {} for the nodes' status records", NodeStatus.BUCKET, store.description());
            }
        }
        return bucket;
    }
}

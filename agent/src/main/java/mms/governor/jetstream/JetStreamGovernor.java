package mms.governor.jetstream;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import mms.duration.GoDuration;
import mms.governor.EnterOptions;
import mms.governor.Governor;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventSink;
import mms.governor.GovernorException;
import mms.governor.GovernorInfo;
import mms.governor.GovernorOptions;
import mms.governor.GovernorView;
import mms.governor.Governors;
import mms.governor.Holder;
import mms.governor.NoSlotException;
import mms.governor.Slot;
import mms.governor.UnknownGovernor;
import mms.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The governor on JetStream streams; see the package documentation for layout and behaviour. */
public final class JetStreamGovernor implements Governor {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamGovernor.class);
    static final int STREAM_NOT_FOUND = 10059;
    static final int NO_MESSAGE_FOUND = 10037;
    /** Deleting a missing sequence answers "no message found" with this code instead. */
    static final int DELETE_FAILED = 10057;
    static final int STORE_FAILED = 10077;
    static final int WRONG_LAST_SEQUENCE = 10071;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Connection conn;
    private final JetStreamManagement jsm;
    private final JetStream js;
    private final String collective;
    private final GovernorEventSink events;
    private final Set<JetStreamSlot> slots = ConcurrentHashMap.newKeySet();

    JetStreamGovernor(Connection conn, String collective, GovernorEventSink events) throws IOException {
        this.conn = conn;
        JetStreamOptions jso = JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build();
        this.jsm = conn.jetStreamManagement(jso);
        this.js = conn.jetStream(jso);
        this.collective = collective;
        this.events = events;
    }

    /**
     * Connects to NATS.
     *
     * @param servers {@code nats://} or {@code tls://} URLs, at least one
     * @param options authentication, collective and event sink
     * @return the governor
     * @throws GovernorException when no server can be reached or a credentials file cannot be read
     */
    public static Governor connect(List<String> servers, GovernorOptions options) throws GovernorException {
        String description = String.join(",", servers.stream().map(s -> s.replaceAll("//[^@/]*@", "//***@")).toList());
        if (options.connect().usesTlsFiles()) {
            throw new GovernorException("governor on nats " + description
                    + ": tls certificate files are not supported, use a tls:// url with the system trust store");
        }
        Options.Builder b = new Options.Builder()
                .servers(servers.toArray(String[]::new))
                .connectionName("mms-governor")
                .maxReconnects(-1)
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener((c, e) -> {
                    if (e == ConnectionListener.Events.DISCONNECTED || e == ConnectionListener.Events.RECONNECTED) {
                        LOG.info("governor nats connection {}", e.getEvent());
                    }
                })
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection c, String error) {
                        LOG.warn("governor nats {}: server error: {}", description, error);
                    }

                    @Override
                    public void exceptionOccurred(Connection c, Exception e) {
                        LOG.debug("governor nats {}: {}", description, e.toString());
                    }
                });
        var o = options.connect();
        try {
            if (o.credentials().isPresent()) {
                b.authHandler(Nats.credentials(o.credentials().get().toString()));
            }
            if (o.nkeySeed().isPresent()) {
                char[] seed = Files.readString(o.nkeySeed().get(), StandardCharsets.US_ASCII).strip().toCharArray();
                b.authHandler(Nats.staticCredentials(null, seed));
            }
        } catch (IOException e) {
            throw new GovernorException("governor on nats " + description + ": cannot read credentials: " + e.getMessage(), e);
        }
        o.user().ifPresent(u -> b.userInfo(u.toCharArray(), o.password().orElse("").toCharArray()));
        o.token().ifPresent(t -> b.token(t.toCharArray()));
        Connection conn;
        try {
            conn = Nats.connect(b.build());
        } catch (IOException | RuntimeException e) {
            throw new GovernorException("governor: cannot connect to nats " + description + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GovernorException("governor: interrupted while connecting to nats " + description, e);
        }
        try {
            return new JetStreamGovernor(conn, options.collective(), options.events());
        } catch (IOException e) {
            closeQuietly(conn);
            throw new GovernorException("governor: nats " + description + " has no JetStream: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stream holding governor {@code name}'s slots. */
    public static String stream(String name) {
        return "GOVERNOR_" + name;
    }

    /** The subject agents publish to: {@code <collective>.governor.<name>}. */
    public String subject(String name) {
        return collective + ".governor." + name;
    }

    JetStreamManagement jsm() {
        return jsm;
    }

    /** Describes a jnats failure: lowercase, with the server's code when there is one. */
    static String describe(Exception e) {
        return switch (e) {
            case JetStreamApiException api -> api.getErrorDescription() + " (code " + api.getApiErrorCode() + ")";
            default -> Objects.requireNonNullElse(e.getMessage(), e.toString());
        };
    }

    static boolean isCode(Exception e, int code) {
        return e instanceof JetStreamApiException api && api.getApiErrorCode() == code;
    }

    private GovernorException failure(String name, String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (isCode(e, STREAM_NOT_FOUND)) {
            return new UnknownGovernor(name);
        }
        return new GovernorException("governor " + name + ": " + what + " failed: " + describe(e), e);
    }

    private StreamInfo info(String name) throws GovernorException {
        try {
            return jsm.getStreamInfo(stream(name));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failure(name, "reading stream " + stream(name), e);
        }
    }

    /** The outcome of one publish: a sequence, "full", or unknown (the server may have stored it). */
    sealed interface Attempt {
        record Stored(long sequence, boolean duplicate) implements Attempt {}

        record Rejected(String reason) implements Attempt {}

        record Unknown(String reason) implements Attempt {}
    }

    /**
     * Publishes a holder message. Rejections the server answered (full, wrong last sequence) are
     * definite; everything else may or may not have been stored and is {@link Attempt.Unknown}.
     */
    Attempt publish(String name, String subject, String holder, String msgId, long expectedLastSeq, Duration timeout) {
        PublishOptions.Builder po = PublishOptions.builder().expectedStream(stream(name))
                .messageId(msgId).streamTimeout(timeout);
        if (expectedLastSeq > 0) {
            po.expectedLastSequence(expectedLastSeq);
        }
        try {
            PublishAck ack = js.publish(subject, holder.getBytes(StandardCharsets.UTF_8), po.build());
            return new Attempt.Stored(ack.getSeqno(), ack.isDuplicate());
        } catch (JetStreamApiException e) {
            return new Attempt.Rejected(describe(e));
        } catch (IOException | RuntimeException e) {
            return new Attempt.Unknown(describe(e));
        }
    }

    @Override
    public Slot enter(String name, String holder, EnterOptions options) throws GovernorException, InterruptedException {
        Governors.checkName(name);
        Objects.requireNonNull(holder, "holder");
        long started = System.nanoTime();
        long timeout = options.timeout().toNanos();
        Duration expire = expiry(name, started, timeout);
        String subject = subject(name);
        String campaign = UUID.randomUUID().toString();
        int tries = 0;
        Attempt last = null;
        try {
            while (true) {
                tries++;
                long remaining = timeout - (System.nanoTime() - started);
                Duration perTry = Duration.ofNanos(Math.clamp(remaining, Duration.ofMillis(500).toNanos(), REQUEST_TIMEOUT.toNanos()));
                last = publish(name, subject, holder, campaign, 0, perTry);
                switch (last) {
                    case Attempt.Stored s -> {
                        LOG.info("got a slot on {} with sequence {}", name, s.sequence());
                        JetStreamSlot slot = new JetStreamSlot(this, name, subject, s.sequence(), holder, campaign,
                                expire, options.leave());
                        slots.add(slot);
                        return slot;
                    }
                    case Attempt.Rejected r -> LOG.debug("could not obtain a slot on {}: {}", name, r.reason());
                    case Attempt.Unknown u -> {
                        LOG.info("publishing to governor {} via {} failed, will retry: {}", name, subject, u.reason());
                        if (!conn.getStatus().equals(Connection.Status.CONNECTED)) {
                            // keep waiting for the reconnect
                        } else if (!exists(name)) {
                            throw new UnknownGovernor(name);
                        }
                    }
                }
                remaining = timeout - (System.nanoTime() - started);
                if (remaining <= 0) {
                    LOG.info("stopping campaigns against {} due to timeout after {} tries", name, tries);
                    throw new NoSlotException("governor " + name + ": no slot became free within "
                            + GoDuration.format(options.timeout()) + " (" + tries + " tries)");
                }
                long wait = Math.min(remaining, options.backoff().delay(tries, ThreadLocalRandom.current()).toNanos());
                Thread.sleep(Duration.ofNanos(wait));
            }
        } catch (GovernorException | InterruptedException | RuntimeException e) {
            if (last instanceof Attempt.Unknown) {
                undo(name, subject, holder, campaign, expire);
            }
            throw e;
        }
    }

    /** The governor's max age, waiting out reconnects and leader elections until the deadline. */
    private Duration expiry(String name, long started, long timeout) throws GovernorException, InterruptedException {
        while (true) {
            try {
                return jsm.getStreamInfo(stream(name)).getConfiguration().getMaxAge();
            } catch (JetStreamApiException e) {
                if (isCode(e, STREAM_NOT_FOUND)) {
                    throw new UnknownGovernor(name);
                }
                if (System.nanoTime() - started >= timeout) {
                    throw failure(name, "reading stream " + stream(name), e);
                }
            } catch (IOException | RuntimeException e) {
                if (System.nanoTime() - started >= timeout) {
                    throw failure(name, "reading stream " + stream(name), e);
                }
            }
            Thread.sleep(Duration.ofMillis(250));
        }
    }

    private boolean exists(String name) {
        try {
            jsm.getStreamInfo(stream(name));
            return true;
        } catch (JetStreamApiException e) {
            return !isCode(e, STREAM_NOT_FOUND);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Gives back a slot a try may have taken without our knowing: re-publishing the campaign's
     * message id reveals the stored sequence (as a duplicate) or stores one, which is then deleted;
     * a rejection means nothing was stored. Runs even when the caller was interrupted.
     */
    void undo(String name, String subject, String holder, String msgId, Duration expire) {
        boolean interrupted = Thread.interrupted();
        try {
            for (int i = 0; i < 3; i++) {
                Attempt a = publish(name, subject, holder, msgId, 0, REQUEST_TIMEOUT);
                switch (a) {
                    case Attempt.Stored s -> {
                        deleteQuietly(name, s.sequence());
                        LOG.info("governor {}: removed slot {} that an unanswered try had taken", name, s.sequence());
                        return;
                    }
                    case Attempt.Rejected r -> {
                        return;
                    }
                    case Attempt.Unknown u -> LOG.debug("governor {}: undo try failed: {}", name, u.reason());
                }
            }
            LOG.warn("governor {}: could not check whether an unanswered try took a slot; if it did, it expires within {}",
                    name, GoDuration.format(expire));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Deletes a slot message without secure erase; false when it was not there. */
    boolean delete(String name, long seq) throws GovernorException {
        try {
            return jsm.deleteMessage(stream(name), seq, false);
        } catch (JetStreamApiException e) {
            if (isCode(e, NO_MESSAGE_FOUND) || isCode(e, DELETE_FAILED)) {
                return false;
            }
            throw failure(name, "removing sequence " + seq, e);
        } catch (IOException | RuntimeException e) {
            throw failure(name, "removing sequence " + seq, e);
        }
    }

    private void deleteQuietly(String name, long seq) {
        try {
            delete(name, seq);
        } catch (GovernorException e) {
            LOG.warn("governor {}: could not remove seq {}: {}", name, seq, e.getMessage());
        }
    }

    /** Whether message {@code seq} is still in the stream; empty when that cannot be told now. */
    Optional<Boolean> present(String name, long seq) {
        try {
            jsm.getMessage(stream(name), seq);
            return Optional.of(true);
        } catch (JetStreamApiException e) {
            return isCode(e, NO_MESSAGE_FOUND) || isCode(e, STREAM_NOT_FOUND) ? Optional.of(false) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Message count, max messages and last sequence, or empty when that cannot be told now. */
    Optional<long[]> state(String name) {
        try {
            StreamInfo si = jsm.getStreamInfo(stream(name));
            return Optional.of(new long[] {si.getStreamState().getMsgCount(), si.getConfiguration().getMaxMsgs(),
                    si.getStreamState().getLastSequence()});
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void forget(JetStreamSlot slot) {
        slots.remove(slot);
    }

    @Override
    public GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws GovernorException {
        Governors.checkConfiguration(name, capacity, expire, replicas);
        StreamConfiguration wanted = StreamConfiguration.builder()
                .name(stream(name))
                .description("Concurrency Governor " + name)
                .subjects(subject(name))
                .maxMessages(capacity)
                .maxAge(expire)
                .discardPolicy(DiscardPolicy.New)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .replicas(replicas)
                .build();
        try {
            StreamInfo si;
            if (exists(name)) {
                StreamConfiguration live = jsm.getStreamInfo(stream(name)).getConfiguration();
                if (live.getMaxMsgs() != capacity || !live.getMaxAge().equals(expire) || live.getReplicas() != replicas
                        || !live.getSubjects().equals(List.of(subject(name)))) {
                    StreamConfiguration update = StreamConfiguration.builder(live).maxMessages(capacity).maxAge(expire)
                            .replicas(replicas).subjects(subject(name)).build();
                    jsm.updateStream(update);
                }
                si = jsm.getStreamInfo(stream(name));
            } else {
                si = jsm.addStream(wanted);
            }
            return info(name, si);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failure(name, "creating or updating stream " + stream(name), e);
        }
    }

    private static GovernorInfo info(String name, StreamInfo si) {
        StreamConfiguration c = si.getConfiguration();
        return new GovernorInfo(name, (int) c.getMaxMsgs(), c.getMaxAge(), c.getReplicas(),
                (int) si.getStreamState().getMsgCount());
    }

    @Override
    public List<String> list() throws GovernorException {
        try {
            return jsm.getStreamNames(collective + ".governor.*").stream()
                    .filter(n -> n.startsWith("GOVERNOR_"))
                    .map(n -> n.substring("GOVERNOR_".length()))
                    .sorted()
                    .toList();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw new GovernorException("governor: listing streams failed: " + describe(e), e);
        }
    }

    @Override
    public GovernorView view(String name) throws GovernorException {
        Governors.checkName(name);
        StreamInfo si = info(name);
        List<Holder> holders = new ArrayList<>();
        String subject = si.getConfiguration().getSubjects().isEmpty() ? subject(name) : si.getConfiguration().getSubjects().getFirst();
        long next = si.getStreamState().getFirstSequence();
        ZonedDateTime now = ZonedDateTime.now();
        if (si.getStreamState().getMsgCount() > 0) {
            try {
                while (true) {
                    MessageInfo m = jsm.getNextMessage(stream(name), next, subject);
                    holders.add(new Holder(m.getSeq(), new String(m.getData(), StandardCharsets.UTF_8),
                            Duration.between(m.getTime(), now).isNegative() ? Duration.ZERO : Duration.between(m.getTime(), now)));
                    next = m.getSeq() + 1;
                }
            } catch (JetStreamApiException e) {
                if (!isCode(e, NO_MESSAGE_FOUND)) {
                    throw failure(name, "reading holders", e);
                }
            } catch (IOException | RuntimeException e) {
                throw failure(name, "reading holders", e);
            }
        }
        GovernorInfo gi = info(name, si);
        return new GovernorView(new GovernorInfo(name, gi.capacity(), gi.expire(), gi.replicas(), holders.size()), holders);
    }

    @Override
    public String evict(String name, long sequence) throws GovernorException {
        Governors.checkName(name);
        try {
            MessageInfo m = jsm.getMessage(stream(name), sequence);
            jsm.deleteMessage(stream(name), sequence, true);
            return new String(m.getData(), StandardCharsets.UTF_8);
        } catch (JetStreamApiException e) {
            if (isCode(e, NO_MESSAGE_FOUND)) {
                throw new GovernorException("governor " + name + " has no slot " + sequence, e);
            }
            throw failure(name, "evicting sequence " + sequence, e);
        } catch (IOException | RuntimeException e) {
            throw failure(name, "evicting sequence " + sequence, e);
        }
    }

    @Override
    public int reset(String name) throws GovernorException {
        Governors.checkName(name);
        try {
            return (int) jsm.purgeStream(stream(name)).getPurged();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failure(name, "purging stream " + stream(name), e);
        }
    }

    @Override
    public void remove(String name) throws GovernorException {
        Governors.checkName(name);
        try {
            jsm.deleteStream(stream(name));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failure(name, "deleting stream " + stream(name), e);
        }
    }

    @Override
    public void announce(GovernorEvent event) {
        events.publishQuietly(event);
        try {
            conn.publish(event.subject(), Json.write(event.json()).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("governor {}: could not publish lifecycle event: {}", event.governor(), e.getMessage());
        }
    }

    @Override
    public void close() {
        for (JetStreamSlot s : List.copyOf(slots)) {
            s.stopKeepingAlive();
        }
        closeQuietly(conn);
    }
}

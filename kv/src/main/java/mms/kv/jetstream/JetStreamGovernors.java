package mms.kv.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
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
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import mms.duration.GoDuration;
import mms.kv.EnterOptions;
import mms.kv.GovernorInfo;
import mms.kv.GovernorStorage;
import mms.kv.GovernorView;
import mms.kv.Holder;
import mms.kv.KvException;
import mms.kv.Slot;
import mms.kv.StoreUnavailable;
import mms.kv.UnknownGovernor;
import mms.kv.engine.Campaign;
import mms.kv.engine.GovernorRules;
import mms.kv.engine.KeptAliveSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Governors as JetStream streams on the store's connection; see the package documentation for
 * layout and behaviour. One instance per collective; all of a store's instances share its
 * keep-alive loops, which the store stops before it closes the connection.
 */
final class JetStreamGovernors implements GovernorStorage {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamGovernors.class);
    static final int STREAM_NOT_FOUND = 10059;
    static final int NO_MESSAGE_FOUND = 10037;
    /** Deleting a missing sequence answers "no message found" with this code instead. */
    static final int DELETE_FAILED = 10057;
    /**
     * Shorter than the store's key-value requests: a campaign's try must fit its deadline, and
     * an unanswered try is safe to repeat (see the package documentation).
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Connection conn;
    private final JetStreamManagement jsm;
    private final JetStream js;
    private final String collective;
    private final KeptAliveSlot.Keepers keepers;

    private JetStreamGovernors(Connection conn, JetStreamManagement jsm, JetStream js, String collective,
                               KeptAliveSlot.Keepers keepers) {
        this.conn = conn;
        this.jsm = jsm;
        this.js = js;
        this.collective = collective;
        this.keepers = keepers;
    }

    /**
     * The governors of collective {@value GovernorStorage#DEFAULT_COLLECTIVE} on a store's connection.
     *
     * @throws IOException when the connection has no JetStream
     */
    static JetStreamGovernors on(Connection conn) throws IOException {
        JetStreamOptions jso = JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build();
        return new JetStreamGovernors(conn, conn.jetStreamManagement(jso), conn.jetStream(jso),
                GovernorStorage.DEFAULT_COLLECTIVE, new KeptAliveSlot.Keepers());
    }

    /** The same governors as another collective lists and publishes to them. */
    JetStreamGovernors forCollective(String other) {
        GovernorStorage.checkCollective(other);
        return other.equals(collective) ? this : new JetStreamGovernors(conn, jsm, js, other, keepers);
    }

    /** Stops keeping the held slots alive; the store calls it before it closes the connection. */
    void close() {
        keepers.stop();
    }

    /** The stream holding governor {@code name}'s slots. */
    static String stream(String name) {
        return "GOVERNOR_" + name;
    }

    /** The subject agents publish to: {@code <collective>.governor.<name>}. */
    String subject(String name) {
        return collective + ".governor." + name;
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

    /** Maps a jnats failure: a missing stream is an unknown governor, no answer an unavailable store. */
    private static KvException failure(String name, String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (isCode(e, STREAM_NOT_FOUND)) {
            return new UnknownGovernor(name, e);
        }
        return failure("governor " + name + ": " + what, e);
    }

    private static KvException failure(String what, Exception e) {
        String message = what + " failed: " + describe(e);
        return e instanceof IOException || e instanceof IllegalStateException || e instanceof InterruptedException
                ? new StoreUnavailable(message, e) : new KvException(message, e);
    }

    private StreamInfo info(String name) throws KvException {
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
    public Slot enter(String name, String holder, EnterOptions options) throws KvException, InterruptedException {
        GovernorRules.name(name);
        Objects.requireNonNull(holder, "holder");
        Campaign campaign = new Campaign(name, options);
        Duration expire = expiry(name, campaign);
        String subject = subject(name);
        String messageId = UUID.randomUUID().toString();
        Attempt last = null;
        try {
            while (true) {
                campaign.tryOnce();
                Duration perTry = clamp(campaign.remaining(), Duration.ofMillis(500), REQUEST_TIMEOUT);
                last = publish(name, subject, holder, messageId, 0, perTry);
                switch (last) {
                    case Attempt.Stored s -> {
                        LOG.info("got a slot on {} with sequence {}", name, s.sequence());
                        return new JetStreamSlot(this, name, subject, s.sequence(), holder, messageId, expire,
                                options.leave(), keepers);
                    }
                    case Attempt.Rejected r -> LOG.debug("could not obtain a slot on {}: {}", name, r.reason());
                    case Attempt.Unknown u -> {
                        LOG.info("publishing to governor {} via {} failed, will retry: {}", name, subject, u.reason());
                        // while reconnecting, keep waiting for the reconnect; connected, the stream may be gone
                        if (conn.getStatus() == Connection.Status.CONNECTED && !exists(name)) {
                            throw new UnknownGovernor(name);
                        }
                    }
                }
                campaign.awaitRetry();
            }
        } catch (KvException | InterruptedException | RuntimeException e) {
            if (last instanceof Attempt.Unknown) {
                undo(name, subject, holder, messageId, expire);
            }
            throw e;
        }
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    /** The governor's max age, waiting out reconnects and leader elections until the campaign's deadline. */
    private Duration expiry(String name, Campaign campaign) throws KvException, InterruptedException {
        while (true) {
            try {
                return jsm.getStreamInfo(stream(name)).getConfiguration().getMaxAge();
            } catch (JetStreamApiException e) {
                if (isCode(e, STREAM_NOT_FOUND)) {
                    throw new UnknownGovernor(name, e);
                }
                if (!campaign.remaining().isPositive()) {
                    throw failure(name, "reading stream " + stream(name), e);
                }
            } catch (IOException | RuntimeException e) {
                if (!campaign.remaining().isPositive()) {
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
    boolean delete(String name, long seq) throws KvException {
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
        } catch (KvException e) {
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

    @Override
    public GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws KvException {
        GovernorRules.configuration(name, capacity, expire, replicas);
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
    public List<String> list() throws KvException {
        try {
            return jsm.getStreamNames(collective + ".governor.*").stream()
                    .filter(n -> n.startsWith("GOVERNOR_"))
                    .map(n -> n.substring("GOVERNOR_".length()))
                    .sorted()
                    .toList();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failure("governor: listing streams", e);
        }
    }

    @Override
    public GovernorView view(String name) throws KvException {
        GovernorRules.name(name);
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
    public String evict(String name, long sequence) throws KvException {
        GovernorRules.name(name);
        try {
            MessageInfo m = jsm.getMessage(stream(name), sequence);
            jsm.deleteMessage(stream(name), sequence, true);
            return new String(m.getData(), StandardCharsets.UTF_8);
        } catch (JetStreamApiException e) {
            if (isCode(e, NO_MESSAGE_FOUND)) {
                throw new KvException("governor " + name + " has no slot " + sequence, e);
            }
            throw failure(name, "evicting sequence " + sequence, e);
        } catch (IOException | RuntimeException e) {
            throw failure(name, "evicting sequence " + sequence, e);
        }
    }

    @Override
    public int reset(String name) throws KvException {
        GovernorRules.name(name);
        try {
            return (int) jsm.purgeStream(stream(name)).getPurged();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failure(name, "purging stream " + stream(name), e);
        }
    }

    @Override
    public void remove(String name) throws KvException {
        GovernorRules.name(name);
        try {
            jsm.deleteStream(stream(name));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failure(name, "deleting stream " + stream(name), e);
        }
    }
}

package mms.kv.jetstream;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import mms.kv.BucketConfig;
import mms.kv.BucketNotFound;
import mms.kv.ConnectOptions;
import mms.kv.GovernorStorage;
import mms.kv.KeyExists;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.KvNames;
import mms.kv.Messages;
import mms.kv.ObjectStorage;
import mms.kv.StoreState;
import mms.kv.StoreUnavailable;
import mms.kv.WrongRevision;
import mms.url.Urls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class JetStreamStore implements KeyValueStore {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamStore.class);
    static final int STREAM_NOT_FOUND = 10059;
    static final int WRONG_LAST_SEQUENCE = 10071;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How long closing waits for the server to take what was published. */
    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(2);

    private final Connection conn;
    private final KeyValueManagement kvm;
    private final KeyValueOptions kvOptions;
    private final String description;
    private final ObjectStorage objects = new JetStreamObjects(this);
    private final JetStreamGovernors governors;
    private final Messages messages;
    private final Set<JetStreamWatch> watches = ConcurrentHashMap.newKeySet();
    private final ConnectionStateLog connectionLog;

    private JetStreamStore(Connection conn, String description, ConnectionStateLog connectionLog) throws IOException {
        this.conn = conn;
        this.description = description;
        this.connectionLog = connectionLog;
        this.kvOptions = KeyValueOptions.builder().jsRequestTimeout(REQUEST_TIMEOUT).build();
        this.kvm = conn.keyValueManagement(kvOptions);
        this.governors = JetStreamGovernors.on(conn);
        this.messages = new JetStreamMessages(conn);
    }

    static JetStreamStore connect(List<String> servers, ConnectOptions o) throws KvException {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one nats server url is needed");
        }
        String description = String.join(",", servers.stream().map(Urls::redact).toList());
        // heartbeat alarms go to the store's watches; the listener exists before the store does
        AtomicReference<JetStreamStore> self = new AtomicReference<>();
        ConnectionStateLog connectionLog = new ConnectionStateLog(LOG, description, InstantSource.system());
        Options.Builder b = new Options.Builder()
                .servers(servers.toArray(String[]::new))
                .connectionName("mms")
                .maxReconnects(-1)
                .connectionTimeout(Duration.ofSeconds(5))
                .reconnectDelayHandler(JetStreamStore::backoff)
                .connectionListener((c, event) -> connectionEvent(connectionLog, c, event))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection c, String error) {
                        LOG.warn("nats {}: server error: {}", description, error);
                    }

                    @Override
                    public void exceptionOccurred(Connection c, Exception e) {
                        LOG.debug("nats {}: {}", description, e.toString());
                    }

                    @Override
                    public void slowConsumerDetected(Connection c, Consumer consumer) {
                        LOG.warn("nats {}: a subscriber falls behind, messages for it are dropped ({} so far)",
                                description, consumer.getDroppedCount());
                    }

                    @Override
                    public void heartbeatAlarm(Connection c, JetStreamSubscription sub, long lastStreamSequence,
                                               long lastConsumerSequence) {
                        JetStreamStore s = self.get();
                        if (s == null || !s.heartbeatAlarm(sub)) {
                            LOG.debug("nats {}: no heartbeat from consumer {} after stream sequence {}", description,
                                    sub.getConsumerName(), lastStreamSequence);
                        }
                    }
                });
        try {
            if (o.credentials().isPresent()) {
                b.authHandler(Nats.credentials(readable(o.credentials().get(), "credentials file").toString()));
            }
            if (o.nkeySeed().isPresent()) {
                Path seedFile = readable(o.nkeySeed().get(), "nkey seed file");
                char[] seed = Files.readString(seedFile, StandardCharsets.US_ASCII).strip().toCharArray();
                b.authHandler(Nats.staticCredentials(null, seed));
            }
        } catch (IOException e) {
            throw new KvException("cannot read nats credentials: " + e.getMessage(), e);
        }
        if (o.user().isPresent()) {
            b.userInfo(o.user().get().toCharArray(), o.password().orElse("").toCharArray());
        }
        o.token().ifPresent(t -> b.token(t.toCharArray()));
        if (o.usesTlsFiles()) {
            b.sslContext(Tls.context(o));
        }
        Connection conn;
        try {
            conn = Nats.connect(b.build());
        } catch (IOException e) {
            throw new StoreUnavailable("cannot connect to nats " + description + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while connecting to nats " + description, e);
        } catch (RuntimeException e) {
            throw new StoreUnavailable("cannot connect to nats " + description + ": " + e.getMessage(), e);
        }
        try {
            JetStreamStore store = new JetStreamStore(conn, description, connectionLog);
            self.set(store);
            return store;
        } catch (IOException e) {
            closeQuietly(conn);
            throw new StoreUnavailable("nats " + description + " has no JetStream: " + e.getMessage(), e);
        }
    }

    private static Path readable(Path p, String what) throws KvException {
        if (!Files.isReadable(p)) {
            throw new KvException(what + " " + p + " does not exist or cannot be read");
        }
        return p;
    }

    private static Duration backoff(long rounds) {
        long base = Math.min(5_000L, 100L << Math.min(rounds, 10));
        long jitter = ThreadLocalRandom.current().nextLong(base / 4 + 1);
        return Duration.ofMillis(base - base / 8 + jitter);
    }

    private static void connectionEvent(ConnectionStateLog log, Connection c, ConnectionListener.Events event) {
        String url = c.getConnectedUrl() == null ? "-" : Urls.redact(c.getConnectedUrl());
        switch (event) {
            case CONNECTED, RECONNECTED -> log.connected(url);
            case DISCONNECTED -> log.disconnected();
            case CLOSED -> log.closed();
            case LAME_DUCK -> LOG.info("nats server {} is shutting down (lame duck mode), the connection will move", url);
            default -> LOG.debug("nats connection {}: {}", event.getEvent(), url);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Maps a jnats failure of an operation on key-value bucket {@code bucket} to the KvException
     * family, keeping the cause: a missing stream is {@link BucketNotFound} naming the bucket and
     * this store.
     */
    KvException failure(String what, String bucket, Exception e) {
        return isStreamNotFound(e) ? new BucketNotFound(bucket, description, e) : failure(what, e);
    }

    static boolean isStreamNotFound(Exception e) {
        return e instanceof JetStreamApiException api && api.getApiErrorCode() == STREAM_NOT_FOUND;
    }

    /**
     * Maps a jnats failure to the KvException family, keeping the cause; operations on a bucket use
     * {@link #failure(String, String, Exception)} so that a missing one is {@link BucketNotFound}.
     */
    static KvException failure(String what, Exception e) {
        return switch (e) {
            case JetStreamApiException api when api.getApiErrorCode() == WRONG_LAST_SEQUENCE ->
                    new WrongRevision(what + " failed: wrong last revision", e);
            case JetStreamApiException api -> new KvException(what + " failed: " + api.getErrorDescription()
                    + " (code " + api.getApiErrorCode() + ")", e);
            case InterruptedException ie -> {
                Thread.currentThread().interrupt();
                yield new StoreUnavailable(what + " interrupted", ie);
            }
            case IOException io -> new StoreUnavailable(what + " failed: " + io.getMessage(), io);
            case IllegalStateException ise -> new StoreUnavailable(what + " failed: " + ise.getMessage(), ise);
            default -> new KvException(what + " failed: " + e.getMessage(), e);
        };
    }

    static boolean isWrongLastSequence(Exception e) {
        return e instanceof JetStreamApiException api && api.getApiErrorCode() == WRONG_LAST_SEQUENCE;
    }

    static KeyExists keyExists(String bucket, String key, Exception cause) {
        return new KeyExists("key '" + key + "' in bucket '" + bucket + "' already exists", cause);
    }

    Connection connection() {
        return conn;
    }

    KeyValueOptions kvOptions() {
        return kvOptions;
    }

    KeyValueManagement kvm() {
        return kvm;
    }

    void register(JetStreamWatch w) {
        watches.add(w);
    }

    void unregister(JetStreamWatch w) {
        watches.remove(w);
    }

    private boolean heartbeatAlarm(JetStreamSubscription sub) {
        for (JetStreamWatch w : watches) {
            if (w.heartbeatAlarm(sub)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public KeyValueBucket createBucket(BucketConfig config) throws KvException {
        String name = KvNames.bucket(config.name());
        try {
            kvm.getStatus(name);
            return bucket(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw failure("create bucket " + name, e);
            }
        } catch (IOException e) {
            throw failure("create bucket " + name, e);
        }
        KeyValueConfiguration kvc = KeyValueConfiguration.builder()
                .name(name)
                .maxHistoryPerKey(config.history())
                .ttl(config.ttl())
                .replicas(config.replicas())
                .storageType(switch (config.storage()) {
                    case FILE -> StorageType.File;
                    case MEMORY -> StorageType.Memory;
                })
                .build();
        try {
            kvm.create(kvc);
        } catch (IOException | JetStreamApiException e) {
            throw failure("create bucket " + name, e);
        }
        return bucket(name);
    }

    @Override
    public KeyValueBucket bucket(String name) throws KvException {
        KvNames.bucket(name);
        try {
            kvm.getStatus(name);
            return new JetStreamBucket(this, name, conn.keyValue(name, kvOptions));
        } catch (IOException | JetStreamApiException e) {
            throw failure("open bucket " + name, name, e);
        }
    }

    @Override
    public void removeBucket(String name) throws KvException {
        KvNames.bucket(name);
        try {
            kvm.delete(name);
        } catch (IOException | JetStreamApiException e) {
            throw failure("remove bucket " + name, name, e);
        }
    }

    @Override
    public List<String> bucketNames() throws KvException {
        try {
            List<String> names = new ArrayList<>(kvm.getBucketNames());
            names.sort(null);
            return names;
        } catch (IOException | JetStreamApiException e) {
            throw failure("list buckets", e);
        }
    }

    @Override
    public Optional<ObjectStorage> objects() {
        return Optional.of(objects);
    }

    @Override
    public GovernorStorage governors(String collective) {
        return governors.forCollective(collective);
    }

    @Override
    public Optional<Messages> messages() {
        return Optional.of(messages);
    }

    @Override
    public void close() {
        for (JetStreamWatch w : List.copyOf(watches)) {
            w.close();
        }
        // the keep-alive loops publish through this connection: they end before it closes
        governors.close();
        flushQuietly();
        connectionLog.closing();
        closeQuietly(conn);
    }

    /** The connection's status as jnats keeps it: a field read, no round trip. */
    @Override
    public StoreState state() {
        return switch (conn.getStatus()) {
            case CONNECTED -> StoreState.CONNECTED;
            case CLOSED -> StoreState.CLOSED;
            // DISCONNECTED: between two reconnect attempts; CONNECTING: never after the first connect
            case DISCONNECTED, RECONNECTING, CONNECTING -> StoreState.RECONNECTING;
        };
    }

    /**
     * Sends what was published but is still in the client's outgoing queue (the last events, a
     * governor's exit): jnats discards it when the connection closes.
     */
    private void flushQuietly() {
        if (conn.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        try {
            conn.flush(CLOSE_FLUSH);
        } catch (TimeoutException e) {
            LOG.debug("nats {}: messages not confirmed within {} when closing: {}", description, CLOSE_FLUSH,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "jetstream store " + description;
    }
}

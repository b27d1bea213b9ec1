package mms.cli;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.config.AgentConfig.StoreSettings;
import mms.kv.BucketConfig;
import mms.kv.EnterOptions;
import mms.kv.GovernorInfo;
import mms.kv.GovernorStorage;
import mms.kv.GovernorView;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvException;
import mms.kv.MessagePublisher;
import mms.kv.ObjectStorage;
import mms.kv.Slot;
import mms.kv.StoreUnavailable;
import mms.kv.StoreUrl;
import mms.kv.StoredObject;
import mms.runtime.MachineEnvironment.ServiceLookup;

/**
 * The agent's key-value store, opened on first use and again after a failed open. The agent must
 * start even when the NATS servers are down or the state directory is not writable yet: kv
 * watchers then report the error and retry with backoff, governed runs are refused with the
 * reason, and machines that need neither never touch the store. Once open, the store reconnects by
 * itself (NATS) or needs nothing (SQLite). Its object storage, governors and messages are those of
 * the one open store: the agent never opens a second connection.
 */
final class KvLazyStore implements KeyValueStore {
    private final StoreSettings settings;
    private KeyValueStore delegate;
    private boolean closed;

    KvLazyStore(StoreSettings settings) {
        this.settings = settings;
    }

    /** The host service lookup offering this store as {@link KeyValueStore}. */
    ServiceLookup services() {
        KvLazyStore self = this;
        return new ServiceLookup() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return type == KeyValueStore.class ? Optional.of(type.cast(self)) : Optional.empty();
            }
        };
    }

    private synchronized KeyValueStore store() throws KvException {
        if (closed) {
            throw new StoreUnavailable("key-value store " + description() + " is closed");
        }
        if (delegate == null) {
            delegate = KeyValueStores.open(settings.url(), settings.connect());
        }
        return delegate;
    }

    @Override
    public synchronized String description() {
        return delegate != null ? delegate.description() : redact(settings.url());
    }

    static String redact(String url) {
        return url.replaceAll("//[^@/,]*@", "//***@");
    }

    @Override
    public KeyValueBucket createBucket(BucketConfig config) throws KvException {
        return store().createBucket(config);
    }

    @Override
    public KeyValueBucket bucket(String name) throws KvException {
        return store().bucket(name);
    }

    @Override
    public void removeBucket(String name) throws KvException {
        store().removeBucket(name);
    }

    @Override
    public List<String> bucketNames() throws KvException {
        return store().bucketNames();
    }

    /**
     * A NATS store's object storage, known from the URL without connecting, so that
     * {@code nats-os://} archive sources work before (and while) the first connect fails.
     */
    @Override
    public Optional<ObjectStorage> objects() {
        if (!StoreUrl.isNats(settings.url())) {
            return Optional.empty();
        }
        return Optional.of(new ObjectStorage() {
            @Override
            public Optional<StoredObject> open(String bucket, String name) throws KvException {
                return objectStorage().open(bucket, name);
            }

            @Override
            public StoredObject.Info put(String bucket, String name, InputStream content) throws KvException {
                return objectStorage().put(bucket, name, content);
            }

            @Override
            public List<StoredObject.Info> list(String bucket) throws KvException {
                return objectStorage().list(bucket);
            }

            @Override
            public boolean delete(String bucket, String name) throws KvException {
                return objectStorage().delete(bucket, name);
            }
        });
    }

    /**
     * The store's governors, opening the store on first use like every other operation: an agent
     * whose store is unreachable refuses governed runs with the reason. The open store checks the
     * collective, so a bad one fails on first use.
     */
    @Override
    public GovernorStorage governors(String collective) {
        Objects.requireNonNull(collective, "collective");
        return new GovernorStorage() {
            @Override
            public Slot enter(String name, String holder, EnterOptions options) throws KvException, InterruptedException {
                return store().governors(collective).enter(name, holder, options);
            }

            @Override
            public GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws KvException {
                return store().governors(collective).add(name, capacity, expire, replicas);
            }

            @Override
            public List<String> list() throws KvException {
                return store().governors(collective).list();
            }

            @Override
            public GovernorView view(String name) throws KvException {
                return store().governors(collective).view(name);
            }

            @Override
            public String evict(String name, long sequence) throws KvException {
                return store().governors(collective).evict(name, sequence);
            }

            @Override
            public int reset(String name) throws KvException {
                return store().governors(collective).reset(name);
            }

            @Override
            public void remove(String name) throws KvException {
                store().governors(collective).remove(name);
            }
        };
    }

    /** A NATS store's messages, known from the URL without connecting, as {@link #objects()}. */
    @Override
    public Optional<MessagePublisher> messages() {
        if (!StoreUrl.isNats(settings.url())) {
            return Optional.empty();
        }
        return Optional.of((subject, body) -> {
            KeyValueStore s = store();
            s.messages().orElseThrow(() -> new KvException("store " + s.description() + " has no messages"))
                    .publish(subject, body);
        });
    }

    private ObjectStorage objectStorage() throws KvException {
        KeyValueStore s = store();
        return s.objects().orElseThrow(() -> new KvException("store " + s.description() + " has no object storage"));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (delegate != null) {
            delegate.close();
            delegate = null;
        }
    }
}

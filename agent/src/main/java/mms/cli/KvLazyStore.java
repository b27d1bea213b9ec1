package mms.cli;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import mms.config.AgentConfig.StoreSettings;
import mms.kv.BucketConfig;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvException;
import mms.kv.ObjectStorage;
import mms.kv.StoreUnavailable;
import mms.kv.StoreUrl;
import mms.kv.StoredObject;
import mms.runtime.MachineEnvironment.ServiceLookup;

/**
 * The agent's key-value store, opened on first use and again after a failed open. The agent must
 * start even when the NATS servers are down or the state directory is not writable yet: kv
 * watchers then report the error and retry with backoff, and machines without kv watchers never
 * touch the store. Once open, the store reconnects by itself (NATS) or needs nothing (SQLite).
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

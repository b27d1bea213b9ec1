package mms.kv;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.url.Urls;

/**
 * A key-value store opened on first use and again after a failed open. The agent must
 * start even when the NATS servers are down or the state directory is not writable yet: kv
 * watchers then report the error and retry with backoff, governed runs are refused with the
 * reason, and machines that need neither never touch the store. Once open, the store reconnects by
 * itself (NATS) or needs nothing (SQLite). Its object storage, governors and messages are those of
 * the one open store: the agent never opens a second connection.
 */
final class LazyStore implements KeyValueStore {
    private final String url;
    private final StoreUrl parsed;
    private final ConnectOptions options;
    // written under the lock, read without it by state(), which must not wait for a connect
    private volatile KeyValueStore delegate;
    private volatile boolean closed;

    LazyStore(String url, ConnectOptions options) throws InvalidName {
        this.url = url;
        this.parsed = StoreUrl.parse(url);
        this.options = options;
    }

    private synchronized KeyValueStore store() throws KvException {
        if (closed) {
            throw new StoreUnavailable("key-value store " + description() + " is closed");
        }
        if (delegate == null) {
            delegate = KeyValueStores.open(url, options);
        }
        return delegate;
    }

    @Override
    public synchronized String description() {
        return delegate != null ? delegate.description() : Urls.redact(url.strip());
    }

    /** {@link StoreState#NOT_OPEN} until the first successful open, then the open store's state. */
    @Override
    public StoreState state() {
        if (closed) {
            return StoreState.CLOSED;
        }
        KeyValueStore open = delegate;
        return open == null ? StoreState.NOT_OPEN : open.state();
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
        if (!(parsed instanceof StoreUrl.Nats)) {
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
    public Optional<Messages> messages() {
        if (!(parsed instanceof StoreUrl.Nats)) {
            return Optional.empty();
        }
        return Optional.of(new Messages() {
            @Override
            public void publish(String subject, byte[] body) throws KvException {
                openMessages().publish(subject, body);
            }

            @Override
            public Subscription subscribe(String subject, Handler handler) throws KvException {
                return openMessages().subscribe(subject, handler);
            }
        });
    }

    private Messages openMessages() throws KvException {
        KeyValueStore s = store();
        return s.messages().orElseThrow(() -> new KvException("store " + s.description() + " has no messages"));
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

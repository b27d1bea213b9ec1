package mms.watcher.kv;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import mms.kv.BucketConfig;
import mms.kv.BucketStatus;
import mms.kv.Entry;
import mms.kv.GovernorStorage;
import mms.kv.KeyPattern;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.KvWatch;
import mms.kv.StoreUnavailable;
import mms.kv.WatchOptions;

/**
 * A real store whose reads and watch openings can be made to fail separately, as on a NATS cluster
 * coming back from an outage: the stream leader serves reads before the meta leader can create the
 * consumer a watch needs.
 */
final class FlakyStore implements KeyValueStore {
    private final KeyValueStore delegate;
    volatile boolean getsFail;
    volatile boolean watchesFail;
    final AtomicInteger watchesOpened = new AtomicInteger();

    FlakyStore(KeyValueStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String description() {
        return "flaky " + delegate.description();
    }

    @Override
    public KeyValueBucket createBucket(BucketConfig config) throws KvException {
        return new Bucket(delegate.createBucket(config));
    }

    @Override
    public KeyValueBucket bucket(String name) throws KvException {
        return new Bucket(delegate.bucket(name));
    }

    @Override
    public void removeBucket(String name) throws KvException {
        delegate.removeBucket(name);
    }

    @Override
    public List<String> bucketNames() throws KvException {
        return delegate.bucketNames();
    }

    @Override
    public GovernorStorage governors(String collective) {
        return delegate.governors(collective);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class Bucket implements KeyValueBucket {
        private final KeyValueBucket b;

        Bucket(KeyValueBucket b) {
            this.b = b;
        }

        @Override
        public String name() {
            return b.name();
        }

        @Override
        public Optional<Entry> get(String key) throws KvException {
            if (getsFail) {
                throw new StoreUnavailable("get " + name() + " > " + key + " failed: timeout");
            }
            return b.get(key);
        }

        @Override
        public long put(String key, byte[] value) throws KvException {
            return b.put(key, value);
        }

        @Override
        public long create(String key, byte[] value) throws KvException {
            return b.create(key, value);
        }

        @Override
        public long update(String key, byte[] value, long expectedRevision) throws KvException {
            return b.update(key, value, expectedRevision);
        }

        @Override
        public void delete(String key) throws KvException {
            b.delete(key);
        }

        @Override
        public void purge(String key) throws KvException {
            b.purge(key);
        }

        @Override
        public List<String> keys() throws KvException {
            return b.keys();
        }

        @Override
        public List<Entry> history(String key) throws KvException {
            return b.history(key);
        }

        @Override
        public KvWatch watch(KeyPattern pattern, WatchOptions options) throws KvException {
            if (watchesFail) {
                throw new StoreUnavailable("watch " + name() + " > " + pattern + " failed: timeout");
            }
            KvWatch w = b.watch(pattern, options);
            watchesOpened.incrementAndGet();
            return w;
        }

        @Override
        public BucketStatus status() throws KvException {
            return b.status();
        }
    }
}

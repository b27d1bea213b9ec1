package mms.kv.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.kv.BucketStatus;
import mms.kv.Entry;
import mms.kv.KeyPattern;
import mms.kv.KeyValueBucket;
import mms.kv.KvException;
import mms.kv.KvNames;
import mms.kv.KvWatch;
import mms.kv.Operation;
import mms.kv.StorageType;
import mms.kv.WatchOptions;
import mms.kv.WrongRevision;

final class JetStreamBucket implements KeyValueBucket {
    private final JetStreamStore store;
    private final String name;
    private final KeyValue kv;

    JetStreamBucket(JetStreamStore store, String name, KeyValue kv) {
        this.store = store;
        this.name = name;
        this.kv = kv;
    }

    static Entry entry(KeyValueEntry e) {
        Operation op = switch (e.getOperation()) {
            case PUT -> Operation.PUT;
            case DELETE -> Operation.DELETE;
            case PURGE -> Operation.PURGE;
        };
        return new Entry(e.getBucket(), e.getKey(), e.getValue(), e.getRevision(), e.getCreated().toInstant(),
                e.getDelta(), op);
    }

    private String where(String key) {
        return name + " > " + key;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Entry> get(String key) throws KvException {
        KvNames.key(key);
        try {
            return Optional.ofNullable(kv.get(key)).filter(e -> e.getOperation() == io.nats.client.api.KeyValueOperation.PUT)
                    .map(JetStreamBucket::entry);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw store.failure("get " + where(key), name, e);
        }
    }

    @Override
    public long put(String key, byte[] value) throws KvException {
        KvNames.key(key);
        Objects.requireNonNull(value, "value");
        try {
            return kv.put(key, value);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw store.failure("put " + where(key), name, e);
        }
    }

    @Override
    public long create(String key, byte[] value) throws KvException {
        KvNames.key(key);
        Objects.requireNonNull(value, "value");
        try {
            return kv.create(key, value);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            if (JetStreamStore.isWrongLastSequence(e)) {
                throw JetStreamStore.keyExists(name, key, e);
            }
            throw store.failure("create " + where(key), name, e);
        }
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision) throws KvException {
        KvNames.key(key);
        Objects.requireNonNull(value, "value");
        if (expectedRevision < 0) {
            throw new IllegalArgumentException("expected revision " + expectedRevision + " of key '" + key + "' must be >= 0");
        }
        try {
            return kv.update(key, value, expectedRevision);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            if (JetStreamStore.isWrongLastSequence(e)) {
                throw new WrongRevision("key '" + key + "' in bucket '" + name + "' is not at revision " + expectedRevision, e);
            }
            throw store.failure("update " + where(key), name, e);
        }
    }

    @Override
    public void delete(String key) throws KvException {
        KvNames.key(key);
        try {
            kv.delete(key);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw store.failure("delete " + where(key), name, e);
        }
    }

    @Override
    public void purge(String key) throws KvException {
        KvNames.key(key);
        try {
            kv.purge(key);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw store.failure("purge " + where(key), name, e);
        }
    }

    @Override
    public List<String> keys() throws KvException {
        try {
            List<String> keys = new ArrayList<>(kv.keys());
            keys.sort(null);
            return keys;
        } catch (IOException | JetStreamApiException | InterruptedException | RuntimeException e) {
            throw store.failure("list keys of " + name, name, e);
        }
    }

    @Override
    public List<Entry> history(String key) throws KvException {
        KvNames.key(key);
        try {
            return kv.history(key).stream().map(JetStreamBucket::entry).toList();
        } catch (IOException | JetStreamApiException | InterruptedException | RuntimeException e) {
            throw store.failure("history of " + where(key), name, e);
        }
    }

    @Override
    public KvWatch watch(KeyPattern pattern, WatchOptions options) throws KvException {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(options, "options");
        try {
            return JetStreamWatch.open(store, name, pattern, options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw store.failure("watch " + where(pattern.pattern()), name, e);
        }
    }

    @Override
    public BucketStatus status() throws KvException {
        try {
            KeyValueStatus s = store.kvm().getStatus(name);
            Duration ttl = s.getTtl() == null ? Duration.ZERO : s.getTtl();
            StorageType storage = s.getStorageType() == io.nats.client.api.StorageType.Memory ? StorageType.MEMORY : StorageType.FILE;
            var cluster = s.getBackingStreamInfo().getClusterInfo();
            String where = "JetStream stream KV_" + name
                    + (cluster == null || cluster.getName() == null ? "" : " in cluster " + cluster.getName()
                    + (cluster.getLeader() == null ? "" : ", leader " + cluster.getLeader()));
            return new BucketStatus(name, s.getEntryCount(), (int) s.getMaxHistoryPerKey(), ttl, s.getByteCount(),
                    s.getReplicas(), storage, where);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw store.failure("status of " + name, name, e);
        }
    }

    @Override
    public String toString() {
        return "jetstream bucket " + name + " on " + store.description();
    }
}

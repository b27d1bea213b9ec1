package mms.kv.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.ObjectStoreOptions;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.support.NatsJetStreamClientError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import mms.kv.BucketNotFound;
import mms.kv.InvalidName;
import mms.kv.KvException;
import mms.kv.KvNames;
import mms.kv.ObjectStorage;
import mms.kv.StoreUnavailable;
import mms.kv.StoredObject;

/** Object store buckets on the store's connection, through jnats' {@link ObjectStore}. */
final class JetStreamObjects implements ObjectStorage {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int PIPE_BUFFER = 128 * 1024;

    private final JetStreamStore store;
    private final ObjectStoreOptions options = ObjectStoreOptions.builder().jsRequestTimeout(REQUEST_TIMEOUT).build();

    JetStreamObjects(JetStreamStore store) {
        this.store = store;
    }

    @Override
    public Optional<StoredObject> open(String bucket, String name) throws KvException {
        checkName(name);
        ObjectStore os = existing(bucket);
        ObjectInfo info;
        try {
            info = os.getInfo(name);
        } catch (IOException | JetStreamApiException e) {
            throw failure("read object '" + name + "' of bucket " + bucket, bucket, e);
        }
        if (info == null || info.isDeleted()) {
            return Optional.empty();
        }
        // jnats reads an object without chunks by waiting for one until its request timeout (5 s)
        InputStream body = info.getChunks() == 0 && info.getSize() == 0 ? InputStream.nullInputStream() : stream(os, bucket, name);
        return Optional.of(new StoredObject(info(info), body));
    }

    /**
     * jnats writes an object into an OutputStream; a virtual thread does that into a pipe so the
     * caller reads at its own pace. A failure of the transfer (including jnats' digest check at the
     * end) reaches the reader in place of the end of the stream.
     */
    private static InputStream stream(ObjectStore os, String bucket, String name) throws KvException {
        FailingPipe in = new FailingPipe();
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new KvException("read object '" + name + "' of bucket " + bucket + " failed: " + e.getMessage(), e);
        }
        Thread.ofVirtual().name("nats-object " + bucket + "/" + name).start(() -> {
            // not try-with-resources: its close would run before the catch, and the reader could take
            // the closed pipe for a complete object before the failure (a digest mismatch) is recorded
            try {
                os.get(name, out);
            } catch (InterruptedException e) {
                in.failure = new IOException("reading object '" + name + "' of bucket " + bucket + " was interrupted", e);
            } catch (IOException | JetStreamApiException | NoSuchAlgorithmException | RuntimeException e) {
                in.failure = new IOException("reading object '" + name + "' of bucket " + bucket + " failed: "
                        + e.getMessage(), e);
            } finally {
                closeQuietly(out);
            }
        });
        return in;
    }

    /** PipedOutputStream.close declares IOException but only marks the end for the reader. */
    private static void closeQuietly(PipedOutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // nothing to tell anyone: the reader sees the end, or the failure recorded before it
        }
    }

    private static final class FailingPipe extends PipedInputStream {
        volatile IOException failure;

        FailingPipe() {
            super(PIPE_BUFFER);
        }

        @Override
        public synchronized int read() throws IOException {
            int b = super.read();
            return b < 0 ? end() : b;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            return n < 0 ? end() : n;
        }

        private int end() throws IOException {
            IOException f = failure;
            if (f != null) {
                throw new IOException(f.getMessage(), f);
            }
            return -1;
        }
    }

    @Override
    public StoredObject.Info put(String bucket, String name, InputStream content) throws KvException {
        checkName(name);
        KvNames.bucket(bucket);
        ObjectStoreManagement osm = management();
        try {
            osm.getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamStore.STREAM_NOT_FOUND) {
                throw JetStreamStore.failure("create object bucket " + bucket, e);
            }
            try {
                osm.create(ObjectStoreConfiguration.builder(bucket).storageType(StorageType.File).replicas(1).build());
            } catch (IOException | JetStreamApiException ce) {
                throw JetStreamStore.failure("create object bucket " + bucket, ce);
            }
        } catch (IOException e) {
            throw JetStreamStore.failure("create object bucket " + bucket, e);
        }
        try {
            // jnats closes the stream it reads; the caller owns it (it may be System.in)
            return info(objectStore(bucket).put(name, new FilterInputStream(content) {
                @Override
                public void close() {}
            }));
        } catch (IOException | JetStreamApiException e) {
            throw failure("put object '" + name + "' into bucket " + bucket, bucket, e);
        } catch (NoSuchAlgorithmException e) {
            throw new KvException("put object '" + name + "' into bucket " + bucket + " failed: no SHA-256", e);
        }
    }

    @Override
    public List<StoredObject.Info> list(String bucket) throws KvException {
        ObjectStore os = existing(bucket);
        try {
            return os.getList().stream()
                    .filter(info -> !info.isDeleted())
                    .map(JetStreamObjects::info)
                    .sorted(Comparator.comparing(StoredObject.Info::name))
                    .toList();
        } catch (IOException | JetStreamApiException | InterruptedException | RuntimeException e) {
            throw failure("list objects of bucket " + bucket, bucket, e);
        }
    }

    @Override
    public boolean delete(String bucket, String name) throws KvException {
        checkName(name);
        ObjectStore os = existing(bucket);
        String what = "delete object '" + name + "' of bucket " + bucket;
        try {
            ObjectInfo info = os.getInfo(name);
            if (info == null || info.isDeleted()) {
                return false;
            }
            os.delete(name);
            return true;
        } catch (IOException | JetStreamApiException e) {
            throw failure(what, bucket, e);
        } catch (RuntimeException e) {
            // jnats throws its "object not found" when another client deleted the object since getInfo
            if (e.getMessage() != null && e.getMessage().contains(NatsJetStreamClientError.OsObjectNotFound.message())) {
                return false;
            }
            throw failure(what, bucket, e);
        }
    }

    private ObjectStore existing(String bucket) throws KvException {
        KvNames.bucket(bucket);
        try {
            management().getStatus(bucket);
            return objectStore(bucket);
        } catch (IOException | JetStreamApiException e) {
            throw failure("open object bucket " + bucket, bucket, e);
        }
    }

    /** Maps a jnats failure of an operation on object store {@code bucket}; a missing one is {@link BucketNotFound}. */
    private KvException failure(String what, String bucket, Exception e) {
        return JetStreamStore.isStreamNotFound(e)
                ? BucketNotFound.objectStore(bucket, store.description(), e)
                : JetStreamStore.failure(what, e);
    }

    private ObjectStoreManagement management() throws KvException {
        try {
            return store.connection().objectStoreManagement(options);
        } catch (IOException e) {
            throw new StoreUnavailable("nats " + store.description() + " has no JetStream: " + e.getMessage(), e);
        }
    }

    private ObjectStore objectStore(String bucket) throws IOException {
        return store.connection().objectStore(bucket, options);
    }

    private static void checkName(String name) throws InvalidName {
        if (name == null || name.isBlank()) {
            throw new InvalidName("object name is required");
        }
    }

    private static StoredObject.Info info(ObjectInfo info) {
        String digest = info.getDigest();
        // jnats takes the time from the description's message, so objects read from the server have one
        return new StoredObject.Info(info.getBucket(), info.getObjectName(), info.getSize(),
                info.getModified().toInstant(), digest == null || digest.isEmpty() ? Optional.empty() : Optional.of(digest));
    }
}

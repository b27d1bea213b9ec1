package mms.archive.source;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import mms.kv.BucketNotFound;
import mms.kv.KvException;
import mms.kv.ObjectStorage;
import mms.kv.StoredObject;

/**
 * Reads an archive from a NATS JetStream Object Store bucket over the agent's NATS connection
 * ({@code nats-os://BUCKET/OBJECT}), so a fleet needs no web server. The object's recorded size is
 * the announced length; the object store's own digest is checked while streaming, and the
 * downloader checks {@code checksum} and {@code max_size} as for any source.
 */
public final class ObjectStoreSource implements ArchiveSource {

    private final ObjectStorage objects;
    private final String bucket;
    private final String name;

    /**
     * @param objects where to read, never {@code null}
     * @param bucket  the object store bucket, never {@code null}
     * @param name    the object name (may contain {@code /}), never {@code null}
     */
    public ObjectStoreSource(ObjectStorage objects, String bucket, String name) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The bucket this source reads from. */
    public String bucket() {
        return bucket;
    }

    /** The object this source reads. */
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "nats-os://" + bucket + "/" + name;
    }

    /**
     * @throws NoSuchFileException when the bucket or the object does not exist
     * @throws IOException         when the store cannot be reached or refuses the request
     */
    @Override
    public SourceStream open() throws IOException, InterruptedException {
        Optional<StoredObject> object;
        try {
            object = objects.open(bucket, name);
        } catch (BucketNotFound e) {
            throw notFound(e.getMessage(), e);
        } catch (KvException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while opening " + description());
            }
            throw new IOException("cannot read " + description() + ": " + e.getMessage(), e);
        }
        if (object.isEmpty()) {
            throw notFound("object '" + name + "' does not exist in object store bucket '" + bucket + "'", null);
        }
        StoredObject o = object.get();
        return new SourceStream(o.body(), OptionalLong.of(o.info().size()));
    }

    private NoSuchFileException notFound(String reason, Exception cause) {
        NoSuchFileException e = new NoSuchFileException(null, null, reason);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}

package mms.kv;

import java.util.List;
import java.util.Optional;

/**
 * An open Key-Value store (a SQLite database file or a NATS connection) and the buckets in it.
 * Obtain one from {@link KeyValueStores#open(String, ConnectOptions)}; close it when done, which
 * also closes the watches started through it. Thread safe.
 */
public interface KeyValueStore extends AutoCloseable {

    /** Describes the store for people and logs (no credentials), e.g. {@code sqlite:/var/lib/mms/kv.db}; never null. */
    String description();

    /**
     * Creates a bucket unless one of that name exists, which is then left unchanged (compare its
     * {@link KeyValueBucket#status()} when that matters), like {@code choria kv add}.
     *
     * @param config the settings, not null
     * @return the bucket
     * @throws InvalidName      when the name is invalid
     * @throws KvException      when the engine does not support a setting (SQLite: replicas &gt; 1, memory storage) or the store fails
     */
    KeyValueBucket createBucket(BucketConfig config) throws KvException;

    /**
     * Binds to an existing bucket; never creates one.
     *
     * @param name a bucket name
     * @return the bucket
     * @throws BucketNotFound when it does not exist
     * @throws KvException    on invalid name or store failure
     */
    KeyValueBucket bucket(String name) throws KvException;

    /**
     * Removes a bucket with all its entries.
     *
     * @param name a bucket name
     * @throws BucketNotFound when it does not exist
     * @throws KvException    on invalid name or store failure
     */
    void removeBucket(String name) throws KvException;

    /**
     * Lists the bucket names, sorted.
     *
     * @return the names, never null
     * @throws KvException on store failure
     */
    List<String> bucketNames() throws KvException;

    /**
     * The object store buckets of this store, for whole files such as machine archives.
     *
     * @return the object storage of a NATS store; empty for SQLite, which has none
     */
    default Optional<ObjectStorage> objects() {
        return Optional.empty();
    }

    /**
     * The governors of this store, on the subjects of collective {@value GovernorStorage#DEFAULT_COLLECTIVE}.
     *
     * @return the governor storage, on this store's connection; never null
     */
    default GovernorStorage governors() {
        return governors(GovernorStorage.DEFAULT_COLLECTIVE);
    }

    /**
     * The governors of this store as a Choria collective sees them: a NATS store lists and
     * publishes to subjects {@code <collective>.governor.<name>}; the SQLite store has no
     * subjects and ignores it.
     *
     * @param collective the main collective, one subject token ({@code A-Za-z0-9_-})
     * @return the governor storage, on this store's connection; never null
     * @throws IllegalArgumentException when {@code collective} is not a subject token
     */
    GovernorStorage governors(String collective);

    /**
     * Messages on this store's connection: notices other clients subscribe to, and subscriptions
     * to theirs.
     *
     * @return the messages of a NATS store; empty for SQLite, which has no message bus
     */
    default Optional<Messages> messages() {
        return Optional.empty();
    }

    /**
     * Whether the store can serve requests now, as far as it knows without a round trip; cheap and
     * never blocking, for health checks and metrics.
     *
     * @return the state, never null; the default, for stores without a connection to lose, is
     *     {@link StoreState#CONNECTED}
     */
    default StoreState state() {
        return StoreState.CONNECTED;
    }

    /** Closes the store and its watches; never throws. */
    @Override
    void close();
}

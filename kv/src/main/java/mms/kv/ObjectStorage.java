package mms.kv;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Whole objects (files of any size, sent in chunks) kept in named buckets beside the key-value
 * buckets of the same store: NATS JetStream Object Store buckets, which {@code nats object} and
 * other NATS clients read and write too. Obtain it from {@link KeyValueStore#objects()}; only NATS
 * stores have one. Bucket names follow {@link KvNames#bucket(String)}; object names are any
 * non-blank text, {@code /} included. Thread safe; valid as long as its store is open.
 */
public interface ObjectStorage {

    /**
     * Opens an object for reading. The content streams from the server while it is read; a read
     * fails with an {@link java.io.IOException} when the transfer fails or the content does not
     * match the digest the store recorded.
     *
     * @param bucket an existing object store bucket
     * @param name   the object name, not blank
     * @return the object, which the caller must close; empty when the bucket has no such object (or
     *         it was deleted)
     * @throws BucketNotFound   when the bucket does not exist
     * @throws InvalidName      when the bucket name is invalid or the object name blank
     * @throws StoreUnavailable when the store cannot be reached
     * @throws KvException      on other store failures
     */
    Optional<StoredObject> open(String bucket, String name) throws KvException;

    /**
     * Stores an object, replacing one of the same name, and creates the bucket (file storage, one
     * replica) when it does not exist yet. Reads {@code content} to its end; does not close it.
     *
     * @param bucket  an object store bucket name
     * @param name    the object name, not blank
     * @param content the bytes to store, not null
     * @return what was stored; its body is empty (the stream is already consumed)
     * @throws InvalidName      when the bucket name is invalid or the object name blank
     * @throws StoreUnavailable when the store cannot be reached or reading {@code content} fails
     * @throws KvException      on other store failures
     */
    StoredObject.Info put(String bucket, String name, InputStream content) throws KvException;

    /**
     * The objects a bucket holds now, deleted ones left out.
     *
     * @param bucket an existing object store bucket
     * @return what the store recorded for each object, sorted by name; empty for an empty bucket
     * @throws BucketNotFound   when the bucket does not exist
     * @throws InvalidName      when the bucket name is invalid
     * @throws StoreUnavailable when the store cannot be reached
     * @throws KvException      on other store failures
     */
    List<StoredObject.Info> list(String bucket) throws KvException;

    /**
     * Deletes an object: its content is removed and readers see it as missing (NATS keeps a
     * deletion marker in place of its description, as {@code nats object rm} does).
     *
     * @param bucket an existing object store bucket
     * @param name   the object name, not blank
     * @return true when the object existed and is deleted now; false when the bucket holds no such
     *         object (or it was deleted already)
     * @throws BucketNotFound   when the bucket does not exist
     * @throws InvalidName      when the bucket name is invalid or the object name blank
     * @throws StoreUnavailable when the store cannot be reached
     * @throws KvException      on other store failures
     */
    boolean delete(String bucket, String name) throws KvException;
}

package mms.kv;

import java.util.List;
import java.util.Optional;

/**
 * The keys of one bucket, obtained from {@link KeyValueStore#bucket(String)}. Thread safe; a handle
 * is cheap and lives as long as its store. Every method validates keys with {@link KvNames#key(String)}
 * and throws {@link InvalidName} first; operations on a removed bucket throw {@link BucketNotFound}.
 * Values are opaque bytes.
 */
public interface KeyValueBucket {

    /** Returns the bucket name, never null. */
    String name();

    /**
     * Returns the key's current value.
     *
     * @param key a valid key
     * @return the last entry when it is a PUT; empty when the key never existed, was deleted or purged, or expired
     * @throws KvException on invalid key, removed bucket or store failure
     */
    Optional<Entry> get(String key) throws KvException;

    /**
     * Like {@link #get(String)}, but absence is an error.
     *
     * @param key a valid key
     * @return the current entry, never null
     * @throws KeyNotFound when the key has no value
     * @throws KvException on invalid key, removed bucket or store failure
     */
    default Entry require(String key) throws KvException {
        Optional<Entry> entry = get(key);
        if (entry.isEmpty()) {
            throw new KeyNotFound("key not found: " + name() + " > " + key);
        }
        return entry.get();
    }

    /**
     * Stores a value unconditionally.
     *
     * @param key   a valid key
     * @param value the bytes, not null (may be empty)
     * @return the new entry's revision
     * @throws KvException on invalid key, removed bucket or store failure
     */
    long put(String key, byte[] value) throws KvException;

    /**
     * Stores a value only when the key has none: it never existed, or its last entry is a delete or
     * purge marker (or it expired).
     *
     * @param key   a valid key
     * @param value the bytes, not null
     * @return the new entry's revision
     * @throws KeyExists  when the key holds a value
     * @throws KvException on invalid key, removed bucket or store failure
     */
    long create(String key, byte[] value) throws KvException;

    /**
     * Compare-and-set: stores the value only when the key's last entry (of any operation) has revision
     * {@code expectedRevision}; 0 means "the key has no entry at all".
     *
     * @param key              a valid key
     * @param value            the bytes, not null
     * @param expectedRevision the revision the caller last saw, {@code >= 0}
     * @return the new entry's revision
     * @throws WrongRevision when the last revision differs
     * @throws KvException   on invalid key, removed bucket or store failure
     */
    long update(String key, byte[] value, long expectedRevision) throws KvException;

    /**
     * Places a delete marker: {@code get} then finds nothing, {@code history} keeps earlier entries
     * (within the history depth). Deleting an absent key still places a marker, as JetStream does.
     *
     * @param key a valid key
     * @throws KvException on invalid key, removed bucket or store failure
     */
    void delete(String key) throws KvException;

    /**
     * Removes the key's history and places a purge marker in its place.
     *
     * @param key a valid key
     * @throws KvException on invalid key, removed bucket or store failure
     */
    void purge(String key) throws KvException;

    /**
     * Returns the keys that currently hold a value, sorted.
     *
     * @return the keys, never null, possibly empty
     * @throws KvException on removed bucket or store failure
     */
    List<String> keys() throws KvException;

    /**
     * Returns every kept entry of the key, oldest first, markers included.
     *
     * @param key a valid key
     * @return the entries, never null, empty when the key has none
     * @throws KvException on invalid key, removed bucket or store failure
     */
    List<Entry> history(String key) throws KvException;

    /**
     * Starts watching the keys matching {@code pattern}.
     *
     * @param pattern which keys, see {@link KeyPattern}, not null
     * @param options how to start, not null
     * @return the running watch; close it when done
     * @throws KvException on removed bucket or store failure
     */
    KvWatch watch(KeyPattern pattern, WatchOptions options) throws KvException;

    /**
     * Starts watching one key or a pattern given as text.
     *
     * @param pattern a key or {@link KeyPattern} text such as {@code app.>} or {@code >}
     * @param options how to start, not null
     * @return the running watch
     * @throws InvalidName when the pattern is invalid
     * @throws KvException on removed bucket or store failure
     */
    default KvWatch watch(String pattern, WatchOptions options) throws KvException {
        return watch(KeyPattern.parse(pattern), options);
    }

    /**
     * Returns the bucket's status.
     *
     * @return the status, never null
     * @throws KvException on removed bucket or store failure
     */
    BucketStatus status() throws KvException;
}

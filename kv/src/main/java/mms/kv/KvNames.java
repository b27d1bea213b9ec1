package mms.kv;

import java.util.regex.Pattern;

/**
 * The naming rules both engines enforce, so a name valid on one store is valid on the other.
 *
 * <ul>
 *   <li>Bucket: one or more of {@code A-Z a-z 0-9 _ -} (a JetStream stream is named {@code KV_<bucket>}).</li>
 *   <li>Key: one or more of {@code A-Z a-z 0-9 - / _ = .}, not starting or ending with {@code .}
 *       and without empty tokens ({@code ..}); the dots separate the tokens that watch patterns
 *       match. This is the NATS KV rule, plus the empty-token rule because NATS subjects cannot
 *       carry empty tokens.</li>
 * </ul>
 */
public final class KvNames {
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern KEY = Pattern.compile("[-/_=.a-zA-Z0-9]+");

    private KvNames() {
    }

    /**
     * Checks a bucket name.
     *
     * @param bucket the name, may be null (rejected)
     * @return the same name
     * @throws InvalidName when null, empty or holding other characters than {@code A-Za-z0-9_-}
     */
    public static String bucket(String bucket) throws InvalidName {
        if (bucket == null || bucket.isEmpty()) {
            throw new InvalidName("bucket name is required");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw new InvalidName("invalid bucket name '" + bucket + "': only A-Z, a-z, 0-9, '_' and '-' are allowed");
        }
        return bucket;
    }

    /**
     * Checks a key.
     *
     * @param key the key, may be null (rejected)
     * @return the same key
     * @throws InvalidName when null, empty, holding other characters than {@code -/_=.a-zA-Z0-9},
     *                     starting or ending with {@code .} or holding an empty token
     */
    public static String key(String key) throws InvalidName {
        if (key == null || key.isEmpty()) {
            throw new InvalidName("key is required");
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidName("invalid key '" + key + "': only A-Z, a-z, 0-9 and '-', '/', '_', '=', '.' are allowed");
        }
        if (key.startsWith(".") || key.endsWith(".")) {
            throw new InvalidName("invalid key '" + key + "': it must not start or end with '.'");
        }
        if (key.contains("..")) {
            throw new InvalidName("invalid key '" + key + "': it must not contain an empty token '..'");
        }
        return key;
    }

    /** Returns true when {@link #key(String)} accepts the key. */
    public static boolean isValidKey(String key) {
        try {
            key(key);
            return true;
        } catch (InvalidName e) {
            return false;
        }
    }
}

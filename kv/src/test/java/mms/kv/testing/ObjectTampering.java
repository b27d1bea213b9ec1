package mms.kv.testing;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PurgeOptions;
import io.nats.client.api.ObjectInfo;
import java.util.Arrays;

/**
 * Changes a stored object behind the object store's back, for tests of digest checks; shared so
 * that tests outside {@code mms.kv.jetstream} need no NATS client of their own.
 */
public final class ObjectTampering {
    private ObjectTampering() {
    }

    /**
     * Replaces an object's chunks by the same number of bytes in the same number of chunks, the
     * first byte flipped: size and chunk count still match, the digest does not.
     *
     * @param url    the NATS server
     * @param bucket the object store bucket
     * @param name   the object
     * @param data   the object's content as stored
     */
    public static void flipFirstByte(String url, String bucket, String name, byte[] data) throws Exception {
        try (Connection nc = Nats.connect(url)) {
            ObjectInfo info = nc.objectStore(bucket).getInfo(name);
            String chunks = "$O." + bucket + ".C." + info.getNuid();
            nc.jetStreamManagement().purgeStream("OBJ_" + bucket, PurgeOptions.subject(chunks));
            byte[] changed = data.clone();
            changed[0] ^= 1;
            int chunkSize = (int) ((changed.length + info.getChunks() - 1) / info.getChunks());
            for (int at = 0; at < changed.length; at += chunkSize) {
                nc.jetStream().publish(chunks, Arrays.copyOfRange(changed, at, Math.min(changed.length, at + chunkSize)));
            }
        }
    }
}

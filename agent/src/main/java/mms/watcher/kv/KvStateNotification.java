package mms.watcher.kv;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The kv watcher's part of its state notification ({@code io.choria.machine.watcher.kv.v1.state}).
 *
 * @param state  the last outcome
 * @param bucket the bucket
 * @param key    the raw (untemplated) key property, omitted from the JSON when empty
 * @param mode   {@code poll} or {@code watch}
 */
public record KvStateNotification(KvState state, String bucket, String key, KvProperties.Mode mode)
        implements WatcherState {

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.kv.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static KvStateNotification read(EventData data) throws EventFormatException {
        return new KvStateNotification(data.wireName("state", KvState.class, KvState::wireName), data.string("bucket"),
                data.string("key", ""), data.wireName("mode", KvProperties.Mode.class, KvProperties.Mode::wireName));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("state", state.wireName());
        data.put("bucket", bucket);
        if (!key.isEmpty()) {
            data.put("key", key);
        }
        data.put("mode", mode.wireName());
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " key-value " + machine + "#" + watcher + " " + mode.wireName() + "ing bucket: " + bucket
                + (key.isEmpty() ? "" : " key: " + key) + " state: " + state.wireName();
    }

    @Override
    public Optional<String> outcome() {
        return Optional.of(state.wireName());
    }
}

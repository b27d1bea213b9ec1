package mms.watcher.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The file-specific members of {@code io.choria.machine.watcher.file.v1.state}.
 *
 * @param path            the absolute path watched or managed
 * @param previousOutcome the outcome of the last check
 */
public record FileStateNotification(String path, FileState previousOutcome) implements WatcherState {

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.file.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static FileStateNotification read(EventData data) throws EventFormatException {
        return new FileStateNotification(data.string("path"),
                data.wireName("previous_outcome", FileState.class, FileState::wireName));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("path", path);
        data.put("previous_outcome", previousOutcome.wireName());
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " path: " + path + ", previous: " + previousOutcome.wireName();
    }

    @Override
    public Optional<String> outcome() {
        return Optional.of(previousOutcome.wireName());
    }
}

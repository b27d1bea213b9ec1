package mms.watcher.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import mms.event.WatcherState;

/**
 * The archive-specific members of {@code io.choria.machine.watcher.archive.v1.state}, in the
 * original's order.
 *
 * @param source          the last rendered {@code source} (before the first download the raw
 *                        property), without user information or query string
 * @param creates         the {@code creates} property
 * @param previousOutcome the outcome of the last check
 * @param previousRunTime how long the last check took, in nanoseconds
 * @param error           why the last check failed, when it ended in {@code error} or
 *                        {@code verify_failed}; not part of the event (the original sends no
 *                        reason), kept for the node's status record; never null
 */
public record ArchiveStateNotification(String source, String creates, ArchiveState previousOutcome,
                                       long previousRunTime, Optional<String> error) implements WatcherState {

    /** Rejects a null error. */
    public ArchiveStateNotification {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("source", source);
        data.put("creates", creates);
        data.put("previous_outcome", previousOutcome.wireName());
        data.put("previous_run_time", previousRunTime);
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " source: " + source + ", previous: "
                + previousOutcome.wireName() + " ran: " + WatcherState.seconds(previousRunTime) + "s";
    }
}

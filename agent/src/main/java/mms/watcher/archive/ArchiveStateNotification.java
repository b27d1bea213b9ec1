package mms.watcher.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
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
 * @param downloadedBytes the size of the archive the last check downloaded and installed, 0 when it
 *                        installed nothing; for the agent's metrics, not a member of the JSON (the
 *                        original has no such member)
 * @param error           why the last check failed, when it ended in {@code error} or
 *                        {@code verify_failed}; not part of the event (the original sends no
 *                        reason), kept for the node's status record; never null
 */
public record ArchiveStateNotification(String source, String creates, ArchiveState previousOutcome,
                                       long previousRunTime, long downloadedBytes, Optional<String> error)
        implements WatcherState {

    /** Rejects a null error. */
    public ArchiveStateNotification {
        Objects.requireNonNull(error, "error");
    }

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.archive.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static ArchiveStateNotification read(EventData data) throws EventFormatException {
        return new ArchiveStateNotification(data.string("source"), data.string("creates"),
                data.wireName("previous_outcome", ArchiveState.class, ArchiveState::wireName),
                data.integer("previous_run_time"), 0, Optional.empty());
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

    @Override
    public Optional<String> outcome() {
        return Optional.of(previousOutcome.wireName());
    }

    @Override
    public Optional<Duration> runTime() {
        return Optional.of(Duration.ofNanos(previousRunTime));
    }
}

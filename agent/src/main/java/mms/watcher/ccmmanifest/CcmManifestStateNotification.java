package mms.watcher.ccmmanifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The ccm_manifest-specific members of {@code io.choria.machine.watcher.ccm_manifest.v1.state}.
 *
 * @param previousOutcome the outcome of the last check
 * @param previousRunTime how long it took, in nanoseconds
 */
public record CcmManifestStateNotification(CcmManifestState previousOutcome, long previousRunTime)
        implements WatcherState {

    /** Rejects nulls. */
    public CcmManifestStateNotification {
        Objects.requireNonNull(previousOutcome, "previousOutcome");
    }

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.ccm_manifest.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static CcmManifestStateNotification read(EventData data) throws EventFormatException {
        return new CcmManifestStateNotification(
                data.wireName("previous_outcome", CcmManifestState.class, CcmManifestState::wireName),
                data.integer("previous_run_time"));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("previous_outcome", previousOutcome.wireName());
        data.put("previous_run_time", previousRunTime);
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " previous: " + previousOutcome.wireName() + " ran: "
                + WatcherState.seconds(previousRunTime) + "s";
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

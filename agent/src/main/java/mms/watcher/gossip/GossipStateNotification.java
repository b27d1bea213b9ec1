package mms.watcher.gossip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The gossip-specific members of {@code io.choria.machine.watcher.gossip.v1.state}: what was
 * published last.
 *
 * @param previousSubject the subject of the last publication, rendered; empty before the first
 * @param previousPayload its payload, rendered; empty before the first
 * @param previousGossip  when it was published, in Unix seconds; {@link #NEVER_PUBLISHED} before the first
 */
public record GossipStateNotification(String previousSubject, String previousPayload, long previousGossip)
        implements WatcherState {

    /** Go's zero time in Unix seconds, which the original reports before its first publication. */
    public static final long NEVER_PUBLISHED = -62135596800L;

    /** The state before the first publication. */
    public static final GossipStateNotification NEVER = new GossipStateNotification("", "", NEVER_PUBLISHED);

    /** Rejects nulls. */
    public GossipStateNotification {
        Objects.requireNonNull(previousSubject, "previousSubject");
        Objects.requireNonNull(previousPayload, "previousPayload");
    }

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.gossip.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has the wrong type
     */
    public static GossipStateNotification read(EventData data) throws EventFormatException {
        return new GossipStateNotification(data.string("previous_subject"), data.string("previous_payload"),
                data.integer("previous_gossip"));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("previous_subject", previousSubject);
        data.put("previous_payload", previousPayload);
        data.put("previous_gossip", previousGossip);
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " subject: " + previousSubject + ", previous: " + previousGossip;
    }
}

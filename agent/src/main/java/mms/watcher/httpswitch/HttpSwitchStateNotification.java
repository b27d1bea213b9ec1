package mms.watcher.httpswitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The httpswitch-specific members of {@code io.choria.machine.watcher.httpswitch.v1.state}.
 *
 * @param status      the switch's state; {@code is_on} is written from it
 * @param annotations the {@code annotations} property, an object even when empty, keys sorted
 */
public record HttpSwitchStateNotification(SwitchState status, Map<String, String> annotations)
        implements WatcherState {

    /** Copies the annotations, sorted. */
    public HttpSwitchStateNotification {
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.httpswitch.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static HttpSwitchStateNotification read(EventData data) throws EventFormatException {
        SwitchState status = data.wireName("status", SwitchState.class, SwitchState::wireName);
        Map<String, String> annotations = new TreeMap<>();
        for (Map.Entry<String, JsonNode> a : data.object("annotations").properties()) {
            if (!a.getValue().isTextual()) {
                throw new EventFormatException(data.protocol() + ": member 'annotations' has a value that is not text: "
                        + a.getKey());
            }
            annotations.put(a.getKey(), a.getValue().asText());
        }
        return new HttpSwitchStateNotification(status, annotations);
    }

    /** Whether the switch is on ({@code is_on}). */
    public boolean isOn() {
        return status == SwitchState.ON;
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("status", status.wireName());
        data.put("is_on", isOn());
        ObjectNode a = data.putObject("annotations");
        annotations.forEach(a::put);
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " previous: " + status.wireName();
    }
}

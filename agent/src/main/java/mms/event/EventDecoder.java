package mms.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mms.json.Json;

/**
 * Reads machine events received from the bus back into {@link MachineEvent}s: the CloudEvent's
 * {@code data}, whose {@code protocol} member says what it holds, as the original's decoders do.
 * Transitions, the watcher types this build implements (through their {@link WatcherStateReader}s,
 * so a received state prints exactly as the watcher logs it; mms implements every type of the
 * original) and mms's {@link RolloutTransition}s are understood; anything else is an
 * {@link EventFormatException}. Thread safe.
 */
public final class EventDecoder {
    private static final Pattern WATCHER_STATE = Pattern.compile("io\\.choria\\.machine\\.watcher\\.([^.]+)\\.v1\\.state");

    private final Map<String, WatcherStateReader> readers;

    private EventDecoder(Map<String, WatcherStateReader> readers) {
        this.readers = readers;
    }

    /**
     * A decoder for the watcher types this build implements.
     *
     * @param implemented readers by watcher type, e.g. from {@code WatcherRegistry.stateReaders()}
     */
    public static EventDecoder of(Map<String, WatcherStateReader> implemented) {
        return new EventDecoder(Map.copyOf(implemented));
    }

    /**
     * Decodes one message: a CloudEvent in structured JSON mode whose {@code data} is an object.
     *
     * @param cloudEvent the message body, not null
     * @return the event, never null
     * @throws EventFormatException when it is not JSON, not a CloudEvent with a data object, or its data cannot be read
     */
    public MachineEvent decode(byte[] cloudEvent) throws EventFormatException {
        JsonNode event;
        try {
            event = Json.mapper().readTree(cloudEvent);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("could not parse cloud event: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventFormatException("could not parse cloud event: " + e.getMessage(), e);
        }
        if (event == null || !event.isObject()) {
            throw new EventFormatException("could not parse cloud event: a JSON object is expected");
        }
        if (!(event.get("data") instanceof ObjectNode data)) {
            throw new EventFormatException("cloud event " + Optional.ofNullable(event.get("type")).map(JsonNode::asText)
                    .orElse("without a type") + " has no JSON data object");
        }
        return decodeData(data);
    }

    /**
     * Decodes the {@code data} of an event, picking the record by its {@code protocol} member.
     *
     * @param data the object, not null
     * @return the event, never null
     * @throws EventFormatException when it has no or an unknown protocol, or a member is missing or wrong
     */
    public MachineEvent decodeData(ObjectNode data) throws EventFormatException {
        JsonNode protocolNode = data.get("protocol");
        if (protocolNode == null || !protocolNode.isTextual()) {
            throw new EventFormatException("no protocol header in state json");
        }
        String protocol = protocolNode.asText();
        EventData d = new EventData(data, protocol);
        if (protocol.equals(TransitionNotification.PROTOCOL)) {
            return new TransitionNotification(d.string("identity"), d.string("id"), d.string("version"),
                    d.integer("timestamp"), d.string("machine"), d.string("transition"), d.string("from_state"),
                    d.string("to_state"));
        }
        if (protocol.equals(RolloutTransition.PROTOCOL)) {
            return RolloutTransition.read(d);
        }
        Matcher state = WATCHER_STATE.matcher(protocol);
        WatcherStateReader reader = state.matches() ? readers.get(state.group(1)) : null;
        if (reader == null) {
            throw new EventFormatException("unknown event type \"" + protocol + "\"");
        }
        return new WatcherStateNotification(d.string("identity"), d.string("id"), d.string("version"),
                d.integer("timestamp"), state.group(1), d.string("machine"), d.string("name"), reader.read(d));
    }
}

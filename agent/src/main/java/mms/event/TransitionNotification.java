package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mms.json.Json;

/**
 * A machine moved from one state to another ({@code io.choria.machine.v1.transition}).
 *
 * @param identity   node identity
 * @param id         the machine's instance id (a new UUID per load)
 * @param version    machine version
 * @param timestamp  Unix seconds
 * @param machine    machine name
 * @param transition event name
 * @param fromState  previous state
 * @param toState    new state
 */
public record TransitionNotification(
        String identity, String id, String version, long timestamp,
        String machine, String transition, String fromState, String toState) implements MachineEvent {

    public static final String PROTOCOL = "io.choria.machine.v1.transition";

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String subject() {
        return "choria.machine.transition";
    }

    @Override
    public ObjectNode data() {
        ObjectNode data = Json.object();
        data.put("protocol", PROTOCOL);
        data.put("identity", identity);
        data.put("id", id);
        data.put("version", version);
        data.put("timestamp", timestamp);
        data.put("machine", machine);
        data.put("transition", transition);
        data.put("from_state", fromState);
        data.put("to_state", toState);
        return data;
    }

    @Override
    public String text() {
        return identity + " " + machine + " transitioned via event " + transition + ": " + fromState + " => " + toState;
    }
}

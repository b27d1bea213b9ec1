package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mms.json.Json;

/**
 * A watcher's current state ({@code io.choria.machine.watcher.<type>.v1.state}).
 *
 * @param identity  node identity
 * @param id        machine instance id
 * @param version   machine version
 * @param timestamp Unix seconds when built
 * @param type      watcher type
 * @param machine   machine name
 * @param name      watcher name
 * @param state     the type-specific members
 */
public record WatcherStateNotification(
        String identity, String id, String version, long timestamp,
        String type, String machine, String name, WatcherState state) implements MachineEvent {

    @Override
    public String protocol() {
        return "io.choria.machine.watcher." + type + ".v1.state";
    }

    @Override
    public String subject() {
        return "choria.machine.watcher." + type + ".state";
    }

    @Override
    public ObjectNode data() {
        ObjectNode data = Json.object();
        data.put("protocol", protocol());
        data.put("identity", identity);
        data.put("id", id);
        data.put("version", version);
        data.put("timestamp", timestamp);
        data.put("type", type);
        data.put("machine", machine);
        data.put("name", name);
        state.writeTo(data);
        return data;
    }

    @Override
    public String text() {
        return state.text(identity, machine, name);
    }
}

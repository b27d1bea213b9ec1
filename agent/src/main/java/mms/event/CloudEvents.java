package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import mms.json.Json;

/** CloudEvents 1.0 structured-mode JSON, member order as the original writes it. */
public final class CloudEvents {
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private CloudEvents() {}

    /** The envelope with a fresh random id, as the original publishes each event. */
    public static ObjectNode envelope(MachineEvent event) {
        return envelope(event, UUID.randomUUID());
    }

    /** The envelope with the given id. */
    public static ObjectNode envelope(MachineEvent event, UUID id) {
        ObjectNode out = Json.object();
        out.put("specversion", "1.0");
        out.put("id", id.toString());
        out.put("source", "io.choria.machine");
        out.put("type", event.protocol());
        out.put("subject", event.identity());
        out.put("datacontenttype", "application/json");
        out.put("time", RFC3339.format(Instant.ofEpochSecond(event.timestamp())));
        out.set("data", event.data());
        return out;
    }

    /** The envelope as one compact JSON line. */
    public static String toJson(MachineEvent event) {
        return Json.write(envelope(event));
    }
}

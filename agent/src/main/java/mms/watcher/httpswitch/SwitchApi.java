package mms.watcher.httpswitch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import mms.http.Request;
import mms.http.Response;
import mms.json.Json;

/**
 * The original's two HTTP flavours of a switch. The Choria one: {@code GET} answers
 * {@code {"is_on","is_off","status","detail"}}, {@code POST {"on": true|false}} flips it and answers
 * {@code {"is_on"}}. The Home Assistant one (a RESTful switch): {@code GET} answers {@code ON} or
 * {@code OFF}, {@code POST} with a body starting with {@code ON} turns it on, anything else off,
 * and answers {@code ON} or {@code OFF}. A refused flip is 409 with the reason, a body that is not
 * the expected JSON 400.
 */
final class SwitchApi {

    private SwitchApi() {}

    /** {@code /choria/machine/switch/v1/<machine>/<watcher>}. */
    static Response choria(HttpSwitchWatcher watcher, Request request) throws InterruptedException {
        return switch (request.method()) {
            case "GET" -> {
                SwitchState status = watcher.status();
                ObjectNode answer = Json.object();
                answer.put("is_on", status == SwitchState.ON);
                answer.put("is_off", status != SwitchState.ON);
                answer.put("status", status.wireName());
                watcher.detail().ifPresent(detail -> answer.set("detail", detail));
                yield Response.json(200, Json.write(answer));
            }
            case "POST" -> {
                boolean on;
                try {
                    on = requestedOn(request.body());
                } catch (IllegalArgumentException e) {
                    yield Response.text(400, e.getMessage() + "\n");
                }
                Optional<String> refused = watcher.flip(on);
                if (refused.isPresent()) {
                    yield Response.text(409, refused.get() + "\n");
                }
                ObjectNode answer = Json.object();
                answer.put("is_on", on);
                yield Response.json(200, Json.write(answer));
            }
            default -> notAllowed(request);
        };
    }

    /** {@code /choria/homeassistant/switch/v1/<machine>/<watcher>}. */
    static Response homeAssistant(HttpSwitchWatcher watcher, Request request) throws InterruptedException {
        return switch (request.method()) {
            case "GET" -> Response.text(200, watcher.status() == SwitchState.ON ? "ON" : "OFF");
            case "POST" -> {
                boolean on = new String(request.body(), StandardCharsets.UTF_8).startsWith("ON");
                Optional<String> refused = watcher.flip(on);
                yield refused.map(reason -> Response.text(409, reason + "\n"))
                        .orElseGet(() -> Response.text(200, on ? "ON" : "OFF"));
            }
            default -> notAllowed(request);
        };
    }

    /**
     * {@code on} of a JSON body {@code {"on": true|false}}; as the original, a missing or null
     * {@code on} (or a {@code null} body) means off.
     *
     * @throws IllegalArgumentException saying what is wrong with the body
     */
    static boolean requestedOn(byte[] body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("request body cannot be read: " + e.getMessage());
        }
        if (json == null || json.isMissingNode()) {
            throw new IllegalArgumentException("request body is empty, expected {\"on\": true} or {\"on\": false}");
        }
        if (json.isNull()) {
            return false;
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("request body is not a JSON object, expected {\"on\": true} or {\"on\": false}");
        }
        JsonNode on = json.get("on");
        if (on == null || on.isNull()) {
            return false;
        }
        if (!on.isBoolean()) {
            throw new IllegalArgumentException("member 'on' of the request body is " + on + ", expected true or false");
        }
        return on.booleanValue();
    }

    private static Response notAllowed(Request request) {
        return Response.text(405, "method " + request.method() + " is not allowed, only GET and POST\n");
    }
}

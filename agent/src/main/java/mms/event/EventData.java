package mms.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code data} object of a received event, read member by member: each accessor checks the
 * member's kind and names the protocol, the member and the bad value when it is wrong. Readers of
 * watcher states ({@link WatcherStateReader}) get one.
 */
public final class EventData {
    private final ObjectNode data;
    private final String protocol;

    /**
     * Wraps a {@code data} object.
     *
     * @param data     the object, not null; not copied, not changed
     * @param protocol its {@code protocol} member, named in errors
     */
    public EventData(ObjectNode data, String protocol) {
        this.data = Objects.requireNonNull(data, "data");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** The {@code protocol} member. */
    public String protocol() {
        return protocol;
    }

    /** The object as received; do not change it. */
    public ObjectNode json() {
        return data;
    }

    /** A required string member. @throws EventFormatException when missing or not a string */
    public String string(String member) throws EventFormatException {
        JsonNode node = required(member);
        if (!node.isTextual()) {
            throw wrong(member, "a string", node);
        }
        return node.asText();
    }

    /** A string member that may be left out (Go's {@code omitempty}). @throws EventFormatException when not a string */
    public String string(String member, String absent) throws EventFormatException {
        return data.hasNonNull(member) ? string(member) : absent;
    }

    /** A required integer member, such as Unix seconds or nanoseconds. @throws EventFormatException when missing or not an integer */
    public long integer(String member) throws EventFormatException {
        JsonNode node = required(member);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrong(member, "an integer", node);
        }
        return node.asLong();
    }

    /** A required number member. @throws EventFormatException when missing or not a number */
    public double number(String member) throws EventFormatException {
        JsonNode node = required(member);
        if (!node.isNumber()) {
            throw wrong(member, "a number", node);
        }
        return node.asDouble();
    }

    /** A list of strings; {@code null} or absent is empty, as Go writes a nil slice. @throws EventFormatException when not a list of strings */
    public List<String> strings(String member) throws EventFormatException {
        JsonNode node = data.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrong(member, "a list of strings", node);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw wrong(member, "a list of strings", node);
            }
            out.add(element.asText());
        }
        return List.copyOf(out);
    }

    /** A required object member. @throws EventFormatException when missing or not an object */
    public ObjectNode object(String member) throws EventFormatException {
        JsonNode node = required(member);
        if (!node.isObject()) {
            throw wrong(member, "an object", node);
        }
        return (ObjectNode) node;
    }

    /**
     * A required member holding one of an enum's wire names.
     *
     * @param member   the member
     * @param type     the enum
     * @param wireName the name each constant has on the wire
     * @throws EventFormatException when missing, not a string, or none of the names
     */
    public <E extends Enum<E>> E wireName(String member, Class<E> type, Function<E, String> wireName)
            throws EventFormatException {
        String value = string(member);
        for (E constant : type.getEnumConstants()) {
            if (wireName.apply(constant).equals(value)) {
                return constant;
            }
        }
        throw new EventFormatException(protocol + ": member '" + member + "' is \"" + value + "\", expected one of "
                + Arrays.stream(type.getEnumConstants()).map(wireName).collect(Collectors.joining(", ")));
    }

    private JsonNode required(String member) throws EventFormatException {
        JsonNode node = data.get(member);
        if (node == null || node.isNull()) {
            throw new EventFormatException(protocol + ": member '" + member + "' is missing");
        }
        return node;
    }

    private EventFormatException wrong(String member, String expected, JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return new EventFormatException(protocol + ": member '" + member + "' is not " + expected + ": " + shown);
    }
}

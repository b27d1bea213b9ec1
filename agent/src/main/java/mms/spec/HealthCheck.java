package mms.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import mms.duration.DurationFormatException;
import mms.duration.GoDuration;
import mms.json.Json;

/**
 * How a new version of a machine proves itself (the {@code health} member of a
 * {@code machines.json} entry, an mms addition the original ignores):
 *
 * <pre>{@code
 * "health": {"states": ["RUNNING"], "within": "2m", "failure_states": ["FAILED"]}
 * }</pre>
 *
 * After installing a new version a node watches the machine; the version is healthy once the
 * machine is in one of {@code states}. If it is not within {@code within} of the install, or it
 * enters one of {@code failure_states} before, the node swaps the previous version back in.
 *
 * @param states        the states that prove the new version healthy, at least one; never null
 * @param within        how long after the install the machine has to reach one of them, from
 *                      {@link #MIN_WITHIN} to {@link #MAX_WITHIN}; JSON a Go duration
 * @param failureStates states that prove it broken at once, none of {@code states}; JSON
 *                      {@code failure_states}, optional; never null
 */
public record HealthCheck(List<String> states, Duration within, List<String> failureStates) {

    /**
     * The shortest {@code within}: a machine needs some time to load and make its first
     * transition, and a shorter deadline would revert sound versions on a busy node.
     */
    public static final Duration MIN_WITHIN = Duration.ofSeconds(1);
    /** The longest {@code within}. */
    public static final Duration MAX_WITHIN = Duration.ofHours(24);
    /** The longest state name. */
    static final int MAX_STATE_LENGTH = 128;
    private static final List<String> MEMBERS = List.of("states", "within", "failure_states");

    /** Copies the lists; rejects nulls. */
    public HealthCheck {
        states = List.copyOf(states);
        Objects.requireNonNull(within, "within");
        failureStates = List.copyOf(failureStates);
    }

    /** Whether {@code state} proves the new version healthy. */
    public boolean healthy(String state) {
        return states.contains(state);
    }

    /** Whether {@code state} proves the new version broken. */
    public boolean failed(String state) {
        return failureStates.contains(state);
    }

    /** The JSON form, every member written, in the documented order. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("states");
        states.forEach(list::add);
        out.put("within", GoDuration.format(within));
        ArrayNode failures = out.putArray("failure_states");
        failureStates.forEach(failures::add);
        return out;
    }

    /**
     * Reads the {@code health} member of an entry, reporting every problem.
     *
     * @param node     the member's value, not null
     * @param problems told each problem: the member concerned ({@code health.within}) and what is
     *                 wrong, naming the value
     * @return the health check, or empty when there was a problem
     */
    static Optional<HealthCheck> read(JsonNode node, Problems problems) {
        if (!node.isObject()) {
            problems.add("health", "must be an object such as {\"states\": [\"RUNNING\"], \"within\": \"2m\"}, got "
                    + Specification.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        Problems.unknownMembers(node, "health", MEMBERS, problems);
        List<String> states = stateList(node, "states", true, problems);
        List<String> failureStates = stateList(node, "failure_states", false, problems);
        for (String s : failureStates) {
            if (states.contains(s)) {
                problems.add("health.failure_states", MachinesValidator.quote(s) + " is also one of states: a state"
                        + " cannot prove a version both healthy and broken");
            }
        }
        Duration within = Duration.ZERO;
        JsonNode value = node.get("within");
        if (value == null || value.isNull()) {
            problems.add("health.within", "is required: how long a new version has to become healthy, e.g. \"2m\"");
        } else if (!value.isTextual()) {
            problems.add("health.within", "must be a string such as \"2m\", got " + Specification.kind(value));
        } else {
            within = duration("health.within", value.textValue(), MIN_WITHIN, MAX_WITHIN, problems);
        }
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new HealthCheck(states, within, failureStates));
    }

    private static List<String> stateList(JsonNode node, String member, boolean required, Problems problems) {
        String path = "health." + member;
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(path, "is required: the states that prove a new version healthy, e.g. [\"RUNNING\"]");
            }
            return List.of();
        }
        if (!value.isArray()) {
            problems.add(path, "must be an array of state names, got " + Specification.kind(value));
            return List.of();
        }
        if (required && value.isEmpty()) {
            problems.add(path, "must name at least one state");
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode s = value.get(i);
            String at = path + "[" + i + "]";
            if (!s.isTextual()) {
                problems.add(at, "must be a state name, got " + Specification.kind(s));
            } else if (s.textValue().isEmpty() || s.textValue().length() > MAX_STATE_LENGTH
                    || s.textValue().chars().anyMatch(Character::isISOControl)) {
                problems.add(at, MachinesValidator.quote(s.textValue()) + " is not a state name: 1 to "
                        + MAX_STATE_LENGTH + " characters without control characters");
            } else if (!seen.add(s.textValue())) {
                problems.add(at, MachinesValidator.quote(s.textValue()) + " is listed twice");
            } else {
                out.add(s.textValue());
            }
        }
        return out;
    }

    /** A Go duration from {@code min} to {@code max}, or a problem and zero. */
    static Duration duration(String member, String text, Duration min, Duration max, Problems problems) {
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (DurationFormatException e) {
            problems.add(member, MachinesValidator.quote(text) + " is not a go duration such as \"90s\" or \"2m\": "
                    + e.getMessage());
            return Duration.ZERO;
        }
        if (d.compareTo(min) < 0) {
            problems.add(member, MachinesValidator.quote(text) + " is too short, the minimum is " + GoDuration.format(min));
        } else if (d.compareTo(max) > 0) {
            problems.add(member, MachinesValidator.quote(text) + " is too long, the maximum is " + GoDuration.format(max));
        }
        return d;
    }
}

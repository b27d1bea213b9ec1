package mms.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mms.json.Json;

/**
 * Pausing and resuming staged rollouts: {@code machines.json} with {@code rollout.paused} set in
 * some entries. No other format exists for it: a pause is a new specification, signed like any
 * other, so every node learns it the way it learns everything else, and no one who cannot sign
 * can pause or resume the fleet. Only the flag changes; every other member of every entry is
 * kept as it was.
 */
public final class RolloutPause {

    /** The member of an entry that holds its rollout plan. */
    public static final String ROLLOUT = "rollout";
    /** The member of a rollout plan that holds it where it is. */
    public static final String PAUSED = "paused";

    private RolloutPause() {}

    /**
     * What {@link #set} did.
     *
     * @param machines  the new {@code machines.json}, compact
     * @param changed   the entries whose flag changed, in document order
     * @param unchanged the entries asked for whose flag already had the value, in document order
     */
    public record Result(byte[] machines, List<String> changed, List<String> unchanged) {
        /** Copies. */
        public Result {
            machines = machines.clone();
            changed = List.copyOf(changed);
            unchanged = List.copyOf(unchanged);
        }

        /** The new {@code machines.json}, a copy. */
        @Override
        public byte[] machines() {
            return machines.clone();
        }
    }

    /**
     * Sets {@code rollout.paused} to {@code paused} in the entries named, or, when none is named,
     * in every entry that has a rollout plan.
     *
     * @param machines a valid {@code machines.json} ({@link MachinesValidator}), not null
     * @param names    the entries to change; empty for every entry with a plan
     * @param paused   the value to set
     * @throws SpecificationException naming the entry, when a named entry is not in the list or has
     *     no rollout plan, or when none is named and no entry has one
     */
    public static Result set(byte[] machines, List<String> names, boolean paused) throws SpecificationException {
        Objects.requireNonNull(names, "names");
        List<ManagedMachine> listed = MachinesValidator.validate(machines).orThrow();
        JsonNode root;
        try {
            root = Json.mapper().readTree(machines);
        } catch (IOException e) {
            throw new SpecificationException("invalid machines.json: " + Excerpt.line(e.getMessage()), e);
        }
        Map<String, ObjectNode> entries = new LinkedHashMap<>();
        ArrayNode list = root != null && root.isArray() ? (ArrayNode) root : Json.mapper().createArrayNode();
        for (int i = 0; i < list.size(); i++) {
            entries.put(listed.get(i).name(), (ObjectNode) list.get(i));
        }
        List<String> wanted = new ArrayList<>(names.isEmpty()
                ? entries.keySet().stream().filter(n -> entries.get(n).get(ROLLOUT) instanceof ObjectNode).toList()
                : names);
        String verb = paused ? "pause" : "resume";
        if (wanted.isEmpty()) {
            throw new SpecificationException("no entry has a rollout plan to " + verb + " (entries: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (!wanted.contains(name)) {
                continue;
            }
            if (!(entries.get(name).get(ROLLOUT) instanceof ObjectNode plan)) {
                throw new SpecificationException("entry '" + Excerpt.of(name) + "' has no rollout plan to " + verb
                        + ": only a staged rollout (\"rollout\": {\"waves\": [...]}) can be " + verb + "d");
            }
            JsonNode before = plan.get(PAUSED);
            if (before != null && before.isBoolean() && before.booleanValue() == paused
                    || before == null && !paused) {
                unchanged.add(name);
            } else {
                plan.put(PAUSED, paused);
                changed.add(name);
            }
            wanted.remove(name);
        }
        if (!wanted.isEmpty()) {
            throw new SpecificationException("no entry named " + String.join(", ", wanted.stream()
                    .map(n -> "'" + Excerpt.of(n) + "'").toList()) + " in the specification (entries: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        return new Result(Json.write(list).getBytes(StandardCharsets.UTF_8), changed, unchanged);
    }
}

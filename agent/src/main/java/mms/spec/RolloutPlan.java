package mms.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.json.Json;

/**
 * How a new version of an entry reaches the fleet (the {@code rollout} member of a
 * {@code machines.json} entry, an mms addition the original ignores):
 *
 * <pre>{@code
 * "rollout": {"waves": ["1", "10%", "50%", "100%"], "pause": "1m", "max_failed": "5%",
 *             "auto_revert": true, "paused": false}
 * }</pre>
 *
 * Nodes are placed in waves by a hash of their identity, the entry's name and its checksum; a node
 * of a wave installs the new version only once every earlier wave is done, {@code pause} has passed
 * since, and no more nodes failed than {@code max_failed} allows. Beyond that the rollout halts
 * fleet-wide.
 *
 * @param waves      cumulative sizes: {@code "1"} is one node, {@code "10%"} the first tenth of the
 *                   fleet (the previous waves included); counts and percentages each increase and
 *                   the last is {@code "100%"}; 1 to {@value #MAX_WAVES} of them; never null
 * @param pause      how long to wait after a wave is done before the next starts; JSON a Go
 *                   duration, default {@code 0s}, at most {@link #MAX_PAUSE}
 * @param maxFailed  how many nodes may fail (revert) before the rollout halts, as a number or a
 *                   percentage of the nodes taking part (rounded down); JSON {@code max_failed},
 *                   default {@code "0"}: the first failure halts it
 * @param autoRevert whether the nodes that upgraded go back to the previous version when the
 *                   rollout halts; JSON {@code auto_revert}, default false
 * @param paused     whether the rollout is paused: no node starts installing the new version, the
 *                   nodes that run it keep it; default false. {@code mms spec pause} and
 *                   {@code resume} sign a new specification that sets and clears it.
 */
public record RolloutPlan(List<FleetShare> waves, Duration pause, FleetShare maxFailed, boolean autoRevert,
                          boolean paused) {

    /** The most waves a plan may have. */
    public static final int MAX_WAVES = 100;
    /** The longest pause between waves. */
    public static final Duration MAX_PAUSE = Duration.ofDays(7);
    private static final List<String> MEMBERS = List.of("waves", "pause", "max_failed", "auto_revert", "paused");

    /** Copies the list; rejects nulls. */
    public RolloutPlan {
        waves = List.copyOf(waves);
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(maxFailed, "maxFailed");
    }

    /** This plan with {@code paused} set to {@code value}. */
    public RolloutPlan withPaused(boolean value) {
        return new RolloutPlan(waves, pause, maxFailed, autoRevert, value);
    }

    /** The JSON form, every member written, in the documented order. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("waves");
        waves.forEach(w -> list.add(w.text()));
        out.put("pause", GoDuration.format(pause));
        out.put("max_failed", maxFailed.text());
        out.put("auto_revert", autoRevert);
        out.put("paused", paused);
        return out;
    }

    /**
     * Reads the {@code rollout} member of an entry, reporting every problem.
     *
     * @param node     the member's value, not null
     * @param problems told each problem: the member concerned and what is wrong, naming the value
     * @return the plan, or empty when there was a problem
     */
    static Optional<RolloutPlan> read(JsonNode node, Problems problems) {
        if (!node.isObject()) {
            problems.add("rollout", "must be an object such as {\"waves\": [\"1\", \"10%\", \"100%\"]}, got "
                    + Specification.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        Problems.unknownMembers(node, "rollout", MEMBERS, problems);
        List<FleetShare> waves = waves(node.get("waves"), problems);
        Duration pause = Duration.ZERO;
        JsonNode value = node.get("pause");
        if (value != null && !value.isNull()) {
            if (value.isTextual()) {
                pause = HealthCheck.duration("rollout.pause", value.textValue(), Duration.ZERO, MAX_PAUSE, problems);
            } else {
                problems.add("rollout.pause", "must be a string such as \"1m\", got " + Specification.kind(value));
            }
        }
        FleetShare maxFailed = FleetShare.NONE;
        value = node.get("max_failed");
        if (value != null && !value.isNull()) {
            if (!value.isTextual()) {
                problems.add("rollout.max_failed", "must be a string such as \"1\" or \"5%\", got "
                        + Specification.kind(value));
            } else {
                try {
                    maxFailed = FleetShare.parse(value.textValue());
                } catch (IllegalArgumentException e) {
                    problems.add("rollout.max_failed", e.getMessage());
                }
            }
        }
        boolean autoRevert = flag(node, "auto_revert", problems);
        boolean paused = flag(node, "paused", problems);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new RolloutPlan(waves, pause, maxFailed, autoRevert, paused));
    }

    private static List<FleetShare> waves(JsonNode value, Problems problems) {
        if (value == null || value.isNull()) {
            problems.add("rollout.waves", "is required: the waves' cumulative sizes, e.g. [\"1\", \"10%\", \"100%\"]");
            return List.of();
        }
        if (!value.isArray() || value.isEmpty()) {
            problems.add("rollout.waves", "must be a non-empty array such as [\"1\", \"10%\", \"100%\"], got "
                    + (value.isArray() ? "an empty array" : Specification.kind(value)));
            return List.of();
        }
        if (value.size() > MAX_WAVES) {
            problems.add("rollout.waves", "has " + value.size() + " waves, the most is " + MAX_WAVES);
            return List.of();
        }
        List<FleetShare> waves = new ArrayList<>();
        FleetShare lastCount = null;
        FleetShare lastPercent = null;
        for (int i = 0; i < value.size(); i++) {
            String at = "rollout.waves[" + i + "]";
            JsonNode w = value.get(i);
            if (!w.isTextual()) {
                problems.add(at, "must be a string such as \"1\" or \"10%\", got " + Specification.kind(w));
                continue;
            }
            FleetShare share;
            try {
                share = FleetShare.parse(w.textValue());
            } catch (IllegalArgumentException e) {
                problems.add(at, e.getMessage());
                continue;
            }
            if (share.value().signum() == 0) {
                problems.add(at, MachinesValidator.quote(share.text()) + " is an empty wave");
                continue;
            }
            FleetShare last = share.percent() ? lastPercent : lastCount;
            if (last != null && share.value().compareTo(last.value()) <= 0) {
                problems.add(at, MachinesValidator.quote(share.text()) + " is not larger than the earlier wave "
                        + MachinesValidator.quote(last.text()) + ": each wave's size counts the waves before it");
            }
            if (share.percent()) {
                lastPercent = share;
            } else {
                lastCount = share;
            }
            waves.add(share);
        }
        JsonNode last = value.get(value.size() - 1);
        if (waves.size() == value.size() && !waves.getLast().isAll()) {
            problems.add("rollout.waves[" + (value.size() - 1) + "]", "the last wave is "
                    + MachinesValidator.quote(last.textValue()) + ", it must be \"100%\" so that every node has a wave");
        }
        return waves;
    }

    private static boolean flag(JsonNode node, String member, Problems problems) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.add("rollout." + member, "must be true or false, got " + Specification.kind(value));
            return false;
        }
        return value.booleanValue();
    }
}

package mms.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Where the readers of an entry's nested members ({@link HealthCheck}, {@link RolloutPlan}) report
 * what is wrong, for {@link MachinesValidator} to name the entry: each problem is the member
 * concerned, as a path ({@code rollout.waves[2]}), and a lowercase message naming the bad value.
 */
final class Problems {
    private final BiConsumer<String, String> sink;
    private int count;

    /** @param sink told (member, message) for every problem */
    Problems(BiConsumer<String, String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    void add(String member, String message) {
        count++;
        sink.accept(member, message);
    }

    /** How many problems were reported so far. */
    int count() {
        return count;
    }

    /**
     * Reports every member of {@code object} that is not one of {@code members}: names are exact
     * (these members are mms's own, never the original's case-insensitive ones), and an ignored
     * typo could turn off a safety the operator asked for.
     */
    static void unknownMembers(JsonNode object, String path, List<String> members, Problems problems) {
        for (var e : object.properties()) {
            if (!members.contains(e.getKey())) {
                problems.add(path + "." + e.getKey(), "unknown member, " + path + " has " + String.join(", ", members));
            }
        }
    }
}

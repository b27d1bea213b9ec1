package mms.spec.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a matcher sees of the node.
 *
 * @param identity the node identity {@code identity(re)} searches, not null
 * @param facts the facts document for {@code get_fact}, not null (use {@link MissingNode} when
 *     there are none)
 * @param path the directories {@code has_command} searches, in order, as Go's
 *     {@code filepath.SplitList($PATH)} gives them (an empty entry means the current directory);
 *     not null, copied
 * @param files file system access for {@code has_file}, {@code has_directory} and
 *     {@code has_command}, not null
 * @param factLookup how {@code get_fact} resolves queries, not null
 * @param data the machine data the expression watcher's {@code data} reads, not null (use
 *     {@link MissingNode} where there is none: {@code data} is then an empty object)
 */
public record MatchEnvironment(String identity, JsonNode facts, List<Path> path, FileProbe files, FactLookup factLookup,
                               JsonNode data) {

    /** Validates and copies the components. */
    public MatchEnvironment {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(facts, "facts");
        path = List.copyOf(path);
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(factLookup, "factLookup");
        Objects.requireNonNull(data, "data");
    }

    /** A node's environment without machine data, as the matchers of specifications see it. */
    public MatchEnvironment(String identity, JsonNode facts, List<Path> path, FileProbe files, FactLookup factLookup) {
        this(identity, facts, path, files, factLookup, MissingNode.getInstance());
    }

    /**
     * This environment with {@code data} as the machine data ({@link Dialect#EXPRESSION}).
     *
     * @param data the machine data, not null
     */
    public MatchEnvironment withData(JsonNode data) {
        return new MatchEnvironment(identity, facts, path, files, factLookup, data);
    }

    /**
     * The environment of this process: its {@code PATH}, the default file system and the built-in
     * {@link FactLookup.gjson()} lookup.
     *
     * @param identity the node identity, not null
     * @param facts the facts, not null
     */
    public static MatchEnvironment of(String identity, JsonNode facts) {
        return new MatchEnvironment(identity, facts, splitPath(Objects.requireNonNullElse(System.getenv("PATH"), "")),
                FileProbe.system(), FactLookup.gjson());
    }

    /**
     * Splits a {@code PATH} value on {@code :} like Go's {@code filepath.SplitList}: an empty
     * value gives no directories, an empty entry gives {@code .}.
     *
     * @param value the PATH value, not null
     */
    public static List<Path> splitPath(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (String entry : value.split(":", -1)) {
            out.add(Path.of(entry.isEmpty() ? "." : entry));
        }
        return List.copyOf(out);
    }
}

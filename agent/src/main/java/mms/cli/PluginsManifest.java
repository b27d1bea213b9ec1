package mms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mms.files.AtomicFiles;
import mms.json.Json;
import mms.spec.MachinesValidation;
import mms.spec.MachinesValidator;
import mms.spec.Problem;

/**
 * The {@code plugins.json} manifest that {@code mms plugins add} and {@code rm} edit: a JSON list
 * of entries, written as the original writes it (two-space indentation, mode 0600, no trailing
 * newline, members in the original's order with {@code username}, {@code password}, {@code match}
 * and {@code governor} left out when empty). Members the original does not know (an mms
 * {@code health} or {@code rollout}) are kept after the others instead of being dropped. Nothing
 * is written that {@code mms plugins pack} would refuse.
 */
final class PluginsManifest {

    /** The members of an entry in the original's order ({@code ManagedPlugin}). */
    private static final List<String> ORDER = List.of("name", "source", "username", "password", "verify_checksum",
            "checksum", "match", "governor");
    /** The members the original leaves out when they are empty. */
    private static final Set<String> OMIT_EMPTY = Set.of("username", "password", "match", "governor");

    private final Path file;
    private final List<ObjectNode> entries;

    private PluginsManifest(Path file, List<ObjectNode> entries) {
        this.file = file;
        this.entries = entries;
    }

    /**
     * Reads {@code file}; a missing file is an empty manifest when {@code mayBeMissing}.
     *
     * @throws CliException when it cannot be read or is not a list of objects
     */
    static PluginsManifest read(Path file, boolean mayBeMissing) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (mayBeMissing) {
                return new PluginsManifest(file, new ArrayList<>());
            }
            throw new CliException("plugins manifest " + file + " does not exist", 1, e);
        } catch (IOException e) {
            throw new CliException("cannot read plugins manifest " + file + ": " + e.getMessage(), 1, e);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new CliException("plugins manifest " + file + " is not json: " + e.getMessage(), 1, e);
        }
        List<ObjectNode> entries = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new PluginsManifest(file, entries);
        }
        if (!root.isArray()) {
            throw new CliException("plugins manifest " + file + " must be a json list of plugins, it is "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (int i = 0; i < root.size(); i++) {
            if (!(root.get(i) instanceof ObjectNode entry)) {
                throw new CliException("plugins manifest " + file + ": entry " + i + " is not an object");
            }
            entries.add(entry);
        }
        return new PluginsManifest(file, entries);
    }

    /** The entries, in file order; edits are written by {@link #write}. */
    List<ObjectNode> entries() {
        return entries;
    }

    /**
     * Validates the manifest as {@code mms plugins pack} would and writes it when valid.
     *
     * @param err where warnings and errors are listed
     * @throws CliException when an entry is invalid (nothing is written) or writing fails
     */
    void write(PrintWriter err) {
        ArrayNode list = Json.mapper().createArrayNode();
        entries.forEach(e -> list.add(ordered(e)));
        byte[] bytes = Json.writeIndented(list).getBytes(StandardCharsets.UTF_8);
        MachinesValidation validation = MachinesValidator.validate(bytes);
        for (Problem warning : validation.warnings()) {
            err.println("warning: " + warning.describe());
        }
        for (Problem error : validation.errors()) {
            err.println("error: " + error.describe());
        }
        err.flush();
        if (!validation.valid()) {
            int n = validation.errors().size();
            throw new CliException(file + " would be an invalid plugins specification: " + n
                    + (n == 1 ? " error" : " errors") + ", nothing written");
        }
        try {
            AtomicFiles.replace(file, AtomicFiles.PRIVATE, out -> out.write(bytes));
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage(), 1, e);
        }
    }

    /** The entry with the original's members first, in its order, empty optional ones left out, then the rest. */
    private static ObjectNode ordered(ObjectNode entry) {
        ObjectNode out = Json.object();
        for (String name : ORDER) {
            JsonNode value = entry.get(name);
            if (value == null || value.isNull() || (OMIT_EMPTY.contains(name) && value.asText().isEmpty())) {
                continue;
            }
            out.set(name, value);
        }
        for (Map.Entry<String, JsonNode> member : entry.properties()) {
            if (!ORDER.contains(member.getKey())) {
                out.set(member.getKey(), member.getValue());
            }
        }
        return out;
    }
}

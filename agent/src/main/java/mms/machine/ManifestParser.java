package mms.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mms.digest.Sha256;

/**
 * Decodes {@code machine.yaml} the way the original's YAML decoder does: scalars where text is
 * expected become text ({@code version: 1.0} is {@code "1"}), anchors work, {@code properties} is
 * free-form. Unlike the original, unknown keys are reported as warnings naming the key.
 */
public final class ManifestParser {
    /** The manifest file name inside a machine directory; no other name is looked for. */
    public static final String FILE_NAME = "machine.yaml";

    private static final Set<String> TOP_KEYS =
            Set.of("name", "version", "initial_state", "transitions", "watchers", "splay_start");
    private static final Set<String> TRANSITION_KEYS = Set.of("name", "from", "destination", "subscribe", "description");
    private static final Set<String> SUBSCRIPTION_KEYS = Set.of("machine_name", "event");
    private static final Set<String> WATCHER_KEYS = Set.of("name", "type", "state_match", "foreign_state_required",
            "fail_transition", "success_transition", "interval", "announce_interval", "properties");
    private static final Set<String> FOREIGN_KEYS = Set.of("machine_name", "state");

    /**
     * The largest manifest read: real ones are a few KiB, and the host reads whatever a machine
     * directory holds, so a planted huge file (or a link to {@code /dev/zero}) must not exhaust it.
     */
    static final int MAX_BYTES = 1 << 20;

    private ManifestParser() {}

    /**
     * Reads {@code directory/machine.yaml}.
     *
     * @throws ManifestException when the file is missing, unreadable or not a machine document
     */
    public static Manifest read(Path directory) throws ManifestException {
        return readFile(directory.resolve(FILE_NAME));
    }

    /**
     * Reads a manifest file of any name ({@code mms machine validate other.yaml}).
     *
     * @throws ManifestException when the file is missing, unreadable or not a machine document
     */
    public static Manifest readFile(Path file) throws ManifestException {
        byte[] bytes;
        try {
            // a FIFO would block the host's loader for ever, a device never end: regular files only
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ManifestException("cannot read " + file + ": not a regular file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new ManifestException("cannot read " + file + ": larger than " + (MAX_BYTES >> 20)
                        + " MiB, which no machine manifest is");
            }
        } catch (NoSuchFileException e) {
            throw new ManifestException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new ManifestException("cannot read " + file + ": " + e.getMessage(), List.of("cannot read " + file), e);
        }
        return parse(file, bytes);
    }

    /**
     * Decodes manifest bytes; {@code source} only names them in messages.
     *
     * @throws ManifestException when the bytes are not YAML or do not have the machine shape
     */
    public static Manifest parse(Path source, byte[] bytes) throws ManifestException {
        JsonNode root;
        List<String> yamlWarnings = new ArrayList<>();
        try {
            root = YamlTree.read(bytes, w -> yamlWarnings.add(source + ": " + w));
        } catch (YamlTree.YamlProblem e) {
            String msg = source + ": not valid YAML: " + e.getMessage();
            throw new ManifestException(msg, List.of(msg), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = mms.json.Json.object();
        }
        Decoder d = new Decoder(source.toString());
        MachineDefinition definition = d.machine(root);
        if (!d.errors.isEmpty()) {
            throw new ManifestException(String.join("; ", d.errors), d.errors, null);
        }
        yamlWarnings.addAll(d.warnings);
        return new Manifest(source, definition, yamlWarnings, Sha256.of(bytes));
    }


    /** Walks the tree, collecting errors and warnings instead of stopping at the first. */
    private static final class Decoder {
        private final String file;
        private final List<String> errors = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        Decoder(String file) {
            this.file = file;
        }

        MachineDefinition machine(JsonNode root) {
            if (!root.isObject()) {
                errors.add(file + ": the document must be a mapping of machine fields, found " + kind(root));
                return new MachineDefinition("", "", "", List.of(), List.of(), 0);
            }
            unknownKeys(root, TOP_KEYS, "at the top level");
            List<TransitionDefinition> transitions = new ArrayList<>();
            JsonNode ts = root.path("transitions");
            if (list(ts, "transitions")) {
                for (int i = 0; i < ts.size(); i++) {
                    transitions.add(transition(ts.get(i), "transitions[" + i + "]"));
                }
            }
            List<WatcherDefinition> watchers = new ArrayList<>();
            JsonNode ws = root.path("watchers");
            if (list(ws, "watchers")) {
                for (int i = 0; i < ws.size(); i++) {
                    watchers.add(watcher(ws.get(i), "watchers[" + i + "]"));
                }
            }
            return new MachineDefinition(
                    text(root, "name", ""), text(root, "version", ""), text(root, "initial_state", ""),
                    transitions, watchers, integer(root, "splay_start", ""));
        }

        private TransitionDefinition transition(JsonNode node, String where) {
            if (!node.isObject()) {
                errors.add(file + ": " + where + " must be a mapping, found " + kind(node));
                return new TransitionDefinition("", List.of(), "", List.of(), "");
            }
            unknownKeys(node, TRANSITION_KEYS, "in " + where);
            List<TransitionDefinition.Subscription> subs = new ArrayList<>();
            JsonNode s = node.path("subscribe");
            if (list(s, where + ".subscribe")) {
                for (int i = 0; i < s.size(); i++) {
                    JsonNode sub = s.get(i);
                    String at = where + ".subscribe[" + i + "]";
                    if (!sub.isObject()) {
                        errors.add(file + ": " + at + " must be a mapping with machine_name and event, found " + kind(sub));
                        continue;
                    }
                    unknownKeys(sub, SUBSCRIPTION_KEYS, "in " + at);
                    subs.add(new TransitionDefinition.Subscription(text(sub, "machine_name", at), text(sub, "event", at)));
                }
            }
            return new TransitionDefinition(text(node, "name", where), strings(node, "from", where),
                    text(node, "destination", where), subs, text(node, "description", where));
        }

        private WatcherDefinition watcher(JsonNode node, String where) {
            if (!node.isObject()) {
                errors.add(file + ": " + where + " must be a mapping, found " + kind(node));
                return new WatcherDefinition("", "", List.of(), List.of(), "", "", "", "", Map.of());
            }
            String name = text(node, "name", where);
            String at = name.isEmpty() ? where : where + " '" + name + "'";
            unknownKeys(node, WATCHER_KEYS, "in " + at);
            List<WatcherDefinition.ForeignState> foreign = new ArrayList<>();
            JsonNode f = node.path("foreign_state_required");
            if (list(f, at + ".foreign_state_required")) {
                for (int i = 0; i < f.size(); i++) {
                    JsonNode entry = f.get(i);
                    String fat = at + ".foreign_state_required[" + i + "]";
                    if (!entry.isObject()) {
                        errors.add(file + ": " + fat + " must be a mapping with machine_name and state, found " + kind(entry));
                        continue;
                    }
                    unknownKeys(entry, FOREIGN_KEYS, "in " + fat);
                    foreign.add(new WatcherDefinition.ForeignState(text(entry, "machine_name", fat), text(entry, "state", fat)));
                }
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            JsonNode p = node.path("properties");
            if (p.isObject()) {
                p.properties().forEach(e -> properties.put(e.getKey(), plain(e.getValue())));
            } else if (!p.isMissingNode() && !p.isNull()) {
                errors.add(file + ": " + at + ".properties must be a mapping, found " + kind(p));
            }
            return new WatcherDefinition(name, text(node, "type", at), strings(node, "state_match", at),
                    foreign, text(node, "fail_transition", at), text(node, "success_transition", at),
                    text(node, "interval", at), text(node, "announce_interval", at), properties);
        }

        private void unknownKeys(JsonNode node, Set<String> known, String where) {
            node.fieldNames().forEachRemaining(key -> {
                if (!known.contains(key)) {
                    warnings.add(file + ": unknown key '" + key + "' " + where + " is ignored");
                }
            });
        }

        private boolean list(JsonNode node, String field) {
            if (node.isMissingNode() || node.isNull()) {
                return false;
            }
            if (!node.isArray()) {
                errors.add(file + ": " + field + " must be a list, found " + kind(node));
                return false;
            }
            return true;
        }

        private String text(JsonNode parent, String key, String where) {
            JsonNode node = parent.path(key);
            if (node.isMissingNode() || node.isNull()) {
                return "";
            }
            if (node.isValueNode()) {
                return scalarText(node);
            }
            errors.add(file + ": " + field(where, key) + " must be a single value, found " + kind(node));
            return "";
        }

        private List<String> strings(JsonNode parent, String key, String where) {
            JsonNode node = parent.path(key);
            if (!list(node, field(where, key))) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (JsonNode element : node) {
                if (element.isValueNode() && !element.isNull()) {
                    out.add(scalarText(element));
                } else {
                    errors.add(file + ": " + field(where, key) + " entries must be text, found " + kind(element));
                }
            }
            return out;
        }

        private int integer(JsonNode parent, String key, String where) {
            JsonNode node = parent.path(key);
            if (node.isMissingNode() || node.isNull()) {
                return 0;
            }
            if (node.canConvertToInt() && node.isIntegralNumber()) {
                return node.intValue();
            }
            if (node.isTextual()) {
                try {
                    return Integer.parseInt(node.textValue().strip());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            errors.add(file + ": " + field(where, key) + ": " + scalarOrKind(node) + " is not a whole number of seconds");
            return 0;
        }

        private static String field(String where, String key) {
            return where.isEmpty() ? key : where + "." + key;
        }
    }

    /** Text of a scalar as Go's decoder converts it: {@code 1.0} is {@code "1"}, {@code true} is {@code "true"}. */
    static String scalarText(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            if (Double.isFinite(d)) {
                return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            }
        }
        return node.asText();
    }

    private static String scalarOrKind(JsonNode node) {
        return node.isValueNode() ? "'" + node.asText() + "'" : kind(node);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT, POJO -> "a mapping";
            case NULL, MISSING -> "nothing";
            default -> "'" + node.asText() + "'";
        };
    }

    /** The YAML value as plain Java: maps, lists, strings, numbers, booleans and nulls. */
    private static Object plain(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.asText();
    }
}

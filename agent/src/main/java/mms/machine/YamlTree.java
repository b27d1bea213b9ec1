package mms.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.DumperOptions;

/**
 * YAML to a JSON tree with anchors and aliases expanded, which Jackson's YAML reader does not do.
 * Plain scalars are typed by the YAML 1.2 core schema (as Go's yaml.v3 does): {@code yes} and
 * {@code on} stay text, {@code true}, {@code 10}, {@code 1.5}, {@code ~} do not.
 */
final class YamlTree {
    private static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F_]+");
    private static final Pattern OCT = Pattern.compile("0o[0-7_]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

    private YamlTree() {}

    /** A YAML problem with its position, 1-based. */
    static final class YamlProblem extends Exception {
        private static final long serialVersionUID = 1L;

        YamlProblem(String message) {
            super(message);
        }
    }

    /**
     * Reads one YAML document. A key repeated in a mapping keeps its last value, as the
     * original's decoder does for the seed's own example (which repeats {@code state_match}), and
     * is reported through {@code warnings}.
     */
    static JsonNode read(byte[] bytes, java.util.function.Consumer<String> warnings) throws YamlProblem {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100); // a billion-laughs document fails instead of eating memory
        options.setAllowDuplicateKeys(true);
        Yaml yaml = new Yaml(options);
        Node root;
        try {
            root = yaml.compose(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? ""
                    : " (line " + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1) + ")";
            throw new YamlProblem((e.getProblem() == null ? e.getMessage() : e.getProblem()) + where);
        } catch (YAMLException e) {
            throw new YamlProblem(e.getMessage());
        }
        return root == null ? NODES.nullNode() : convert(root, new IdentityHashMap<>(), 0, warnings);
    }

    private static JsonNode convert(Node node, Map<Node, Boolean> path, int depth, java.util.function.Consumer<String> warnings)
            throws YamlProblem {
        if (depth > 200 || path.containsKey(node)) {
            throw new YamlProblem("the document nests too deeply or refers to itself"
                    + " (line " + (node.getStartMark().getLine() + 1) + ")");
        }
        path.put(node, Boolean.TRUE);
        try {
            return switch (node) {
                case MappingNode m -> {
                    ObjectNode out = NODES.objectNode();
                    for (NodeTuple t : m.getValue()) {
                        JsonNode key = convert(t.getKeyNode(), path, depth + 1, warnings);
                        String name = key.isTextual() ? key.textValue() : key.toString();
                        if (out.has(name)) {
                            warnings.accept("key '" + name + "' is repeated at line "
                                    + (t.getKeyNode().getStartMark().getLine() + 1) + ", the last value is used");
                        }
                        out.set(name, convert(t.getValueNode(), path, depth + 1, warnings));
                    }
                    yield out;
                }
                case SequenceNode s -> {
                    ArrayNode out = NODES.arrayNode();
                    for (Node element : s.getValue()) {
                        out.add(convert(element, path, depth + 1, warnings));
                    }
                    yield out;
                }
                case ScalarNode scalar -> scalar(scalar);
                default -> NODES.nullNode();
            };
        } finally {
            path.remove(node);
        }
    }

    private static JsonNode scalar(ScalarNode node) {
        String v = node.getValue();
        if (node.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return NODES.textNode(v);
        }
        switch (v) {
            case "", "~", "null", "Null", "NULL" -> {
                return NODES.nullNode();
            }
            case "true", "True", "TRUE" -> {
                return NODES.booleanNode(true);
            }
            case "false", "False", "FALSE" -> {
                return NODES.booleanNode(false);
            }
            case ".inf", ".Inf", ".INF", "+.inf" -> {
                return NODES.numberNode(Double.POSITIVE_INFINITY);
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return NODES.numberNode(Double.NEGATIVE_INFINITY);
            }
            default -> { }
        }
        try {
            if (INT.matcher(v).matches()) {
                BigInteger i = new BigInteger(v.replace("_", ""));
                return i.bitLength() < 63 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
            }
            if (HEX.matcher(v).matches()) {
                return NODES.numberNode(new BigInteger(v.substring(2).replace("_", ""), 16).longValue());
            }
            if (OCT.matcher(v).matches()) {
                return NODES.numberNode(new BigInteger(v.substring(2).replace("_", ""), 8).longValue());
            }
            if (FLOAT.matcher(v).matches()) {
                return NODES.numberNode(new BigDecimal(v.replace("_", "")).doubleValue());
            }
        } catch (NumberFormatException e) {
            // not a number after all: text
        }
        return NODES.textNode(v);
    }
}

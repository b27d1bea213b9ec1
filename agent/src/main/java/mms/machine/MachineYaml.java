package mms.machine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a {@link MachineDefinition} as {@code machine.yaml}, in the layout of the manager
 * machines the original generates (watchers.md §4.2): the machine name and every string property
 * double-quoted, names and states plain when they cannot be read as anything but a string, a blank
 * line between sections and between transitions, {@code from: [ A, B ]}, {@code state_match} as a
 * block list. The manager manifests the machines watcher writes are byte for byte the original's,
 * so their content hash (which decides whether a manager is rewritten) is the original's too.
 *
 * <p>Every value is escaped for the scalar it sits in ({@link #quoted}), so nothing in a value can
 * change the document's shape: a specification entry is data, never YAML.
 */
public final class MachineYaml {

    /** A scalar YAML reads back as this same string without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    /** Plain scalars YAML 1.1 would read as a number instead. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|0[xXoObB]\\w+");
    /** Plain scalars YAML 1.1 would read as a boolean or null. */
    private static final List<String> WORDS = List.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

    private MachineYaml() {}

    /**
     * The manifest text: LF line endings, ending with a newline.
     *
     * @param machine the definition, not null
     */
    public static String write(MachineDefinition machine) {
        Objects.requireNonNull(machine, "machine");
        StringBuilder out = new StringBuilder();
        out.append("name: \"").append(quoted(machine.name())).append("\"\n");
        out.append("version: ").append(scalar(machine.version())).append('\n');
        out.append("initial_state: ").append(scalar(machine.initialState())).append('\n');
        if (machine.splayStart() > 0) {
            out.append("splay_start: ").append(machine.splayStart()).append('\n');
        }
        out.append("\ntransitions:\n");
        String separator = "";
        for (TransitionDefinition t : machine.transitions()) {
            out.append(separator);
            separator = "\n";
            out.append("  - name: ").append(scalar(t.name())).append('\n');
            out.append("    from: [ ").append(String.join(", ", t.from().stream().map(MachineYaml::scalar).toList()))
                    .append(" ]\n");
            out.append("    destination: ").append(scalar(t.destination())).append('\n');
            if (!t.description().isEmpty()) {
                out.append("    description: \"").append(quoted(t.description())).append("\"\n");
            }
            if (!t.subscribe().isEmpty()) {
                out.append("    subscribe:\n");
                for (TransitionDefinition.Subscription s : t.subscribe()) {
                    out.append("      - machine_name: ").append(scalar(s.machineName())).append('\n');
                    out.append("        event: ").append(scalar(s.event())).append('\n');
                }
            }
        }
        out.append("\nwatchers:\n");
        for (WatcherDefinition w : machine.watchers()) {
            out.append("  - name: ").append(scalar(w.name())).append('\n');
            out.append("    type: ").append(scalar(w.type())).append('\n');
            optional(out, "interval", w.interval());
            optional(out, "announce_interval", w.announceInterval());
            if (!w.stateMatch().isEmpty()) {
                out.append("    state_match:\n");
                w.stateMatch().forEach(state -> out.append("      - ").append(scalar(state)).append('\n'));
            }
            if (!w.foreignStateRequired().isEmpty()) {
                out.append("    foreign_state_required:\n");
                for (WatcherDefinition.ForeignState f : w.foreignStateRequired()) {
                    out.append("      - machine_name: ").append(scalar(f.machineName())).append('\n');
                    out.append("        state: ").append(scalar(f.state())).append('\n');
                }
            }
            if (!w.successTransition().isEmpty()) {
                out.append("    success_transition: ").append(scalar(w.successTransition())).append('\n');
            }
            if (!w.failTransition().isEmpty()) {
                out.append("    fail_transition: ").append(scalar(w.failTransition())).append('\n');
            }
            if (!w.properties().isEmpty()) {
                out.append("    properties:\n");
                properties(out, w.properties(), "      ");
            }
        }
        return out.toString();
    }

    private static void optional(StringBuilder out, String key, String value) {
        if (!value.isEmpty()) {
            out.append("    ").append(key).append(": \"").append(quoted(value)).append("\"\n");
        }
    }

    private static void properties(StringBuilder out, Map<String, Object> values, String indent) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.append(indent).append(scalar(e.getKey())).append(':');
            value(out, e.getValue(), indent);
        }
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder out, Object value, String indent) {
        switch (value) {
            case String s -> out.append(" \"").append(quoted(s)).append("\"\n");
            case Boolean b -> out.append(' ').append(b).append('\n');
            case Number n -> out.append(' ').append(n).append('\n');
            case List<?> list when list.isEmpty() -> out.append(" []\n");
            case List<?> list -> {
                out.append('\n');
                for (Object item : list) {
                    out.append(indent).append("  -");
                    value(out, item, indent + "  ");
                }
            }
            case Map<?, ?> map when map.isEmpty() -> out.append(" {}\n");
            case Map<?, ?> map -> {
                out.append('\n');
                properties(out, (Map<String, Object>) map, indent + "  ");
            }
            case null -> out.append(" null\n");
            default -> throw new IllegalArgumentException("cannot write a property value of type "
                    + value.getClass().getName() + " as yaml");
        }
    }

    /** The value plain when YAML reads it back as this same string, else double-quoted. */
    private static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !NUMBER.matcher(value).matches()
                && !WORDS.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        return "\"" + quoted(value) + "\"";
    }

    /**
     * Escapes {@code value} for the inside of a YAML double-quoted scalar: {@code \} and
     * {@code "} get a backslash, control characters, YAML's line and paragraph separators, the
     * byte-order mark and lone surrogates become escape sequences. Everything else is unchanged.
     *
     * @param value the raw value, not null
     */
    public static String quoted(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escape = escape(value, i);
            if (escape == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            out.append(escape);
        }
        return out == null ? value : out.toString();
    }

    private static String escape(String value, int i) {
        char c = value.charAt(i);
        switch (c) {
            case '\\': return "\\\\";
            case '"': return "\\\"";
            case '\0': return "\\0";
            case '\t': return "\\t";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\u0085': return "\\N";
            case '\u2028': return "\\L";
            case '\u2029': return "\\P";
            case '\uFEFF': return "\\uFEFF";
            default: break;
        }
        if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
            return String.format("\\x%02X", (int) c);
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)) ? null : unicode(c);
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(value.charAt(i - 1)) ? null : unicode(c);
        }
        return null;
    }

    private static String unicode(char c) {
        return String.format("\\u%04X", (int) c);
    }
}

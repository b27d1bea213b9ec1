package mms.watcher.machines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import mms.duration.GoDuration;
import mms.spec.ManagedMachine;

/**
 * Renders the {@code machine.yaml} of the manager machine {@code mm_<name>} for one specification
 * entry: the original's template (watchers.md §4.2) byte for byte, except that every value is
 * escaped for the YAML double-quoted scalar it sits in. For ordinary values (no {@code "},
 * {@code \} or control characters) the output is identical to the original's, so the content
 * hash, which decides whether a manager is rewritten, agrees with the original's too. Template
 * markers such as <code>{{ lookup ... }}</code> are kept: the archive watcher evaluates them on
 * each node, as in the original.
 */
public final class ManagerManifest {

    /** The directory name prefix of manager machines. */
    public static final String PREFIX = "mm_";

    private static final String TEMPLATE = """
            name: "mm_%1$s"
            version: 1.0.0
            initial_state: MANAGE

            transitions:
              - name: enter_maintenance
                from: [ MANAGE ]
                destination: MAINTENANCE

              - name: resume
                from: [ MAINTENANCE ]
                destination: MANAGE

            watchers:
              - name: download
                type: archive
                interval: "%2$s"
                state_match:
                  - MANAGE
                properties:
                  source: "%3$s"
                  checksum: "%4$s"
                  verify: "SHA256SUMS"
                  verify_checksum: "%5$s"
                  creates: "%1$s"
                  target: "%6$s"
                  username: "%7$s"
                  password: "%8$s"
                  governor: "%9$s"
            """;

    private ManagerManifest() {}

    /**
     * Renders the manager manifest.
     *
     * @param machine the entry, not null
     * @param manageInterval the archive watcher's interval, rendered in Go notation ({@code 2m0s}), not null
     * @param target the machines directory the archive installs into, not null
     * @return the manifest text, LF line endings, ending with a newline
     */
    public static String render(ManagedMachine machine, Duration manageInterval, Path target) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(manageInterval, "manageInterval");
        Objects.requireNonNull(target, "target");
        return TEMPLATE.formatted(
                quoted(machine.name()),
                quoted(GoDuration.format(manageInterval)),
                quoted(machine.source()),
                quoted(machine.checksum()),
                quoted(machine.verifyChecksum()),
                quoted(target.toString()),
                quoted(machine.username()),
                quoted(machine.password()),
                quoted(machine.governor()));
    }

    /**
     * Escapes {@code value} for the inside of a YAML double-quoted scalar: {@code \} and
     * {@code "} get a backslash, control characters, YAML's line and paragraph separators, the
     * byte-order mark and lone surrogates become escape sequences. Everything else is unchanged.
     *
     * @param value the raw value, not null
     */
    static String quoted(String value) {
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

package mms.config;

import java.util.regex.Pattern;

/**
 * The commented configuration file the node package installs as {@code /etc/mms/agent.yaml}:
 * every {@link Setting}, each with its meaning, default, variable and flag, and commented out, so
 * that the file changes nothing until the operator uncomments a line. Made from {@link Setting}
 * when the package is built, so it always lists the settings of the agent it ships with.
 */
public final class ConfigFileTemplate {
    /** A default that is a value rather than a description of one ("the host name", "none"). */
    private static final Pattern LITERAL = Pattern.compile("[^\\s<>]+");
    /** Comment lines are wrapped at this width. */
    private static final int WIDTH = 100;

    private ConfigFileTemplate() {}

    /**
     * The file's text.
     *
     * @param path where the file is installed, named in its header, not null
     */
    public static String render(String path) {
        StringBuilder out = new StringBuilder();
        out.append("""
                # %s: the settings of the mms agent (the mms-agent service runs
                # `mms agent --config %s`). Every line is commented out: each shows a setting
                # with its default, which applies while the line stays commented. Uncomment and change
                # what this node needs, then `systemctl restart mms-agent`.
                #
                # MMS_* environment variables override this file and flags override both. The other mms
                # commands installed by the package read this file too (unless MMS_CONFIG names another), so
                # mms kv, mms governor and mms machine match agree with the agent without flags.
                """.formatted(path, path));
        for (Setting setting : Setting.values()) {
            out.append('\n');
            comment(out, setting.description());
            out.append("# (").append(setting.environmentVariable()).append(", ").append(setting.flag());
            boolean literal = LITERAL.matcher(setting.defaultText()).matches() && !setting.defaultText().equals("none");
            if (!literal) {
                out.append("; default: ").append(setting.defaultText());
            }
            out.append(")\n");
            out.append('#').append(setting.key()).append(':');
            if (literal) {
                out.append(' ').append(setting.defaultText());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Appends {@code text} as comment lines of at most {@link #WIDTH} characters. */
    private static void comment(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() > 1 && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line.setLength(1);
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }

    /** Prints the file for {@code args[0]} (default {@code /etc/mms/agent.yaml}): the package build runs it. */
    public static void main(String[] args) {
        System.out.print(render(args.length > 0 ? args[0] : "/etc/mms/agent.yaml"));
    }
}

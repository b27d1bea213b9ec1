package mms.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import mms.spec.match.Dialect;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms plugins matcher}: evaluates a plugins matcher on this node. */
@Command(name = "matcher",
        description = {
            "Tests the 'match' expression of a plugins.json entry on this node.",
            "",
            "The plugins watcher's functions are identity, has_file, has_directory, has_command and "
                    + "get_fact (a GJSON query over the facts), for example:",
            "  mms plugins matcher \"get_fact('os.family') == 'Debian'\" --facts facts.json",
            "",
            "Prints 'Matched plugin matcher: EXPR' (exit 0) or 'Failed to match plugin matcher: EXPR' (exit "
                    + "1; the original exits 0). An expression that does not compile or fails to evaluate is "
                    + "reported with its line:column position (exit 2). --identity and --facts default to "
                    + "the agent's settings."
        },
        mixinStandardHelpOptions = true)
final class PluginsMatcherCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EXPR", description = "the matcher expression")
    String expression;

    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @Mixin
    SettingsOptions.Node node = new SettingsOptions.Node();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        boolean matched = MachineMatchCommand.matches(expression, Dialect.PLUGINS,
                SettingsOptions.resolve(config, environment, node), environment);
        PrintWriter out = spec.commandLine().getOut();
        out.println((matched ? "Matched plugin matcher: " : "Failed to match plugin matcher: ") + expression);
        out.flush();
        return matched ? 0 : 1;
    }
}

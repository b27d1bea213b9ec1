package mms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.config.AgentConfig;
import mms.host.FactsSource;
import mms.spec.match.Dialect;
import mms.spec.match.FactLookup;
import mms.spec.match.FileProbe;
import mms.spec.match.MatchEnvironment;
import mms.spec.match.Matcher;
import mms.spec.match.MatcherException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms machine match}: evaluates a specification matcher on this node. */
@Command(name = "match",
        description = {
            "Evaluates a matcher of a machines specification on this node.",
            "",
            "EXPR is the 'match' of a machines.json entry, for example:",
            "  mms machine match \"identity('^web') && has_command('facter')\"",
            "",
            "Prints true (exit 0) or false (exit 1); an expression that does not compile or fails to "
                    + "evaluate is reported with its line:column position (exit 2)."
        },
        mixinStandardHelpOptions = true)
final class MachineMatchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EXPR", description = "the matcher expression")
    String expression;

    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @Mixin
    SettingsOptions.Node node = new SettingsOptions.Node();

    @Option(names = "--plugins", description = "use the plugins watcher's functions (the same as the machines"
            + " watcher's in mms, which offers get_fact to both)")
    boolean plugins;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        AgentConfig settings = SettingsOptions.resolve(config, environment, node);
        boolean matched = matches(expression, plugins ? Dialect.PLUGINS : Dialect.MACHINES, settings, environment);
        PrintWriter out = spec.commandLine().getOut();
        out.println(matched);
        out.flush();
        return matched ? 0 : 1;
    }

    /**
     * Evaluates {@code expression} on this node as a watcher of {@code dialect} would: the node's
     * identity and facts from {@code settings}, commands on the {@code PATH} of {@code environment}.
     *
     * @throws CliException exit 2, with the position, when it does not compile or fails to evaluate
     */
    static boolean matches(String expression, Dialect dialect, AgentConfig settings, Map<String, String> environment) {
        Matcher matcher;
        try {
            matcher = Matcher.compile(expression, dialect);
        } catch (MatcherException e) {
            throw failure(e);
        }
        MatchEnvironment here = new MatchEnvironment(settings.identity(), readFacts(settings.facts()),
                MatchEnvironment.splitPath(Objects.requireNonNullElse(environment.get("PATH"), "")),
                FileProbe.system(), FactLookup.gjson());
        try {
            return matcher.matches(here);
        } catch (MatcherException e) {
            throw failure(e);
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot evaluate '" + expression + "': " + e.getMessage(), 2, e);
        }
    }

    private static CliException failure(MatcherException e) {
        String snippet = e.snippet();
        return new CliException(e.getMessage() + (snippet.isEmpty() ? "" : "\n" + snippet), 2, e);
    }

    private static JsonNode readFacts(Optional<Path> facts) {
        if (facts.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return FactsSource.read(facts.get());
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read facts file " + facts.get() + ": no such file", 2, e);
        } catch (IOException e) {
            throw new CliException(e.getMessage(), 2, e);
        }
    }
}

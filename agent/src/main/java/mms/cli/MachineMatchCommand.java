package mms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import mms.host.Identity;
import mms.json.Json;
import mms.spec.match.Dialect;
import mms.spec.match.FileProbe;
import mms.spec.match.MatchEnvironment;
import mms.spec.match.Matcher;
import mms.spec.match.MatcherException;
import mms.json.gjson.GJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

    @Option(names = "--identity", paramLabel = "ID", description = "node identity to match (default: the host name)")
    String identity;

    @Option(names = "--facts", paramLabel = "FILE", description = "facts file, JSON or YAML, for get_fact (with --plugins)")
    Path facts;

    @Option(names = "--plugins", description = "use the plugins watcher's functions, which add get_fact")
    boolean plugins;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        Matcher matcher;
        try {
            matcher = Matcher.compile(expression, plugins ? Dialect.PLUGINS : Dialect.MACHINES);
        } catch (MatcherException e) {
            throw failure(e);
        }
        MatchEnvironment node = new MatchEnvironment(identity == null ? Identity.hostname() : identity, readFacts(),
                MatchEnvironment.splitPath(Objects.requireNonNullElse(environment.get("PATH"), "")),
                FileProbe.system(), GJson::get);
        boolean matched;
        try {
            matched = matcher.matches(node);
        } catch (MatcherException e) {
            throw failure(e);
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot evaluate '" + expression + "': " + e.getMessage(), 2, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(matched);
        out.flush();
        return matched ? 0 : 1;
    }

    private static CliException failure(MatcherException e) {
        String snippet = e.snippet();
        return new CliException(e.getMessage() + (snippet.isEmpty() ? "" : "\n" + snippet), 2, e);
    }

    private JsonNode readFacts() {
        if (facts == null) {
            return MissingNode.getInstance();
        }
        try {
            byte[] bytes = Files.readAllBytes(facts);
            String name = facts.getFileName().toString();
            JsonNode parsed = name.endsWith(".yaml") || name.endsWith(".yml")
                    ? new YAMLMapper().readTree(bytes) : Json.mapper().readTree(bytes);
            return parsed == null ? MissingNode.getInstance() : parsed;
        } catch (IOException e) {
            throw new CliException("cannot read facts file " + facts + ": "
                    + e.getMessage().lines().findFirst().orElse(""), 2, e);
        }
    }
}

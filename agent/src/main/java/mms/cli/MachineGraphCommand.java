package mms.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mms.machine.MachineDefinition;
import mms.machine.MachineGraph;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mms machine graph}: the transitions as Graphviz DOT. */
@Command(name = "graph",
        description = {
            "Prints a machine's transitions as a Graphviz DOT graph, the initial state in red.",
            "",
            "Render it with:",
            "  mms machine graph DIR | dot -Tpng > machine.png"
        },
        mixinStandardHelpOptions = true)
final class MachineGraphCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "machine directory or its machine.yaml")
    Path path;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = Files.isRegularFile(path) ? path.toAbsolutePath().getParent() : path;
        try {
            MachineDefinition m = ManifestParser.read(dir).definition();
            spec.commandLine().getOut().print(MachineGraph.dot(m, m.initialState()));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ManifestException e) {
            throw new CliException(e.getMessage());
        }
    }
}

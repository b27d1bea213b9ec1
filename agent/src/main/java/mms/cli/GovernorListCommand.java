package mms.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import mms.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mms governor ls}: the known governors. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "Lists the known governors.")
final class GovernorListCommand implements Callable<Integer> {
    @Option(names = {"--json", "-j"}, description = "print a JSON array of names")
    boolean json;

    @Mixin
    GovernorStoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = store.apply(governor -> governor.storage().list());
        if (json) {
            try {
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(names));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CliException("cannot write governor names as json: " + e.getMessage(), 1, e);
            }
        } else if (names.isEmpty()) {
            out.println("No Governors found");
        } else {
            out.println("Known Governors:");
            out.println();
            names.forEach(n -> out.println("\t" + n));
        }
        out.flush();
        return 0;
    }
}

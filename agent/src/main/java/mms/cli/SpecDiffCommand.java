package mms.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mms.config.AgentConfig;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.spec.MachinesDiff;
import mms.spec.SpecificationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms spec diff}: what changes between two specifications, and on which nodes. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {
            "Shows what changes between two specifications: entries added, removed, upgraded (a new "
                    + "checksum) or otherwise changed, each changed member before and after, and the nodes "
                    + "that run each removed or changed entry now (from their status records).",
            "",
            "Each SPEC is a file (machines.json, or a specification envelope) or @N, revision N of the "
                    + "store's key (mms kv history lists them). No SPEC compares the current revision with "
                    + "the one before it (what the last publication changed); one compares the current "
                    + "revision with SPEC (what publishing it would change); two compare the first with the "
                    + "second.",
            "",
            "Examples:",
            "  mms spec diff                  # what the last publication changed",
            "  mms spec diff machines.json    # what publishing it would change",
            "  mms spec diff @5 @8 --json"
        })
final class SpecDiffCommand implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "SPEC", description = "a file, or @N for revision N of the store's key")
    List<String> specs = new ArrayList<>();

    @Option(names = "--json", description = "print the changes as JSON (documented in the README)")
    boolean json;

    @Mixin
    FleetOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig settings = options.resolve(System.getenv());
        AgentConfig.SpecificationKey where = settings.specification();
        try (KeyValueStore store = KvOptions.open(settings.store())) {
            SpecHistory history = SpecHistory.read(store.bucket(where.bucket()), where);
            SpecContent from;
            SpecContent to;
            switch (specs.size()) {
                case 0 -> {
                    SpecHistory.Revision current = current(history);
                    to = current.readable();
                    from = history.before(current.revision()).orElseThrow(() -> new CliException(history.where()
                            + " keeps no revision before revision " + current.revision() + " to compare with"))
                            .readable();
                }
                case 1 -> {
                    from = current(history).readable();
                    to = resolve(specs.getFirst(), history);
                }
                default -> {
                    from = resolve(specs.get(0), history);
                    to = resolve(specs.get(1), history);
                }
            }
            MachinesDiff diff;
            try {
                diff = MachinesDiff.of(from.machines(), to.machines());
            } catch (SpecificationException e) {
                throw new CliException("cannot compare " + from.label() + " with " + to.label() + ": " + e.getMessage(),
                        1, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            SpecDiffReport.Nodes nodes = SpecDiffReport.Nodes.read(store, where, spec.commandLine().getErr());
            if (json) {
                out.println(SpecDiffReport.json(from.label(), to.label(), diff, nodes));
                out.flush();
            } else {
                SpecDiffReport.print(out, from.label(), to.label(), diff, nodes);
            }
            return 0;
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }

    private static SpecHistory.Revision current(SpecHistory history) {
        return history.current().orElseThrow(() -> new CliException(history.where() + " holds no specification"));
    }

    /** {@code @N}: a kept revision; anything else: a file. */
    private static SpecContent resolve(String argument, SpecHistory history) {
        if (argument.startsWith("@")) {
            long revision;
            try {
                revision = Long.parseLong(argument.substring(1));
            } catch (NumberFormatException e) {
                throw new CliException("'" + argument + "' is not @N, a revision number such as @7", 2, e);
            }
            return history.revision(revision).readable();
        }
        byte[] bytes = PackCommand.readFile(Path.of(argument));
        try {
            return SpecContent.read(argument, new String(bytes, StandardCharsets.UTF_8), true);
        } catch (SpecificationException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
    }
}

package mms.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms governor rm NAME}: deletes a governor. */
@Command(name = "delete", aliases = "rm", mixinStandardHelpOptions = true, description = "Deletes a governor and its slots.")
final class GovernorRemoveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "governor name")
    String name;

    @Option(names = {"--force", "-f"}, description = "delete without asking")
    boolean force;

    @Mixin
    GovernorStoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        return store.apply(governor -> {
            int active = governor.storage().view(name).info().active();
            if (!force && !KvOutput.ask(out, "Delete " + name + " with " + active + " active lease entries?")) {
                return 0;
            }
            governor.storage().remove(name);
            return 0;
        });
    }
}

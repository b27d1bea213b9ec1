package mms.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms governor reset NAME}: frees every slot. */
@Command(name = "reset", mixinStandardHelpOptions = true, description = "Frees every slot of a governor.")
final class GovernorResetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "governor name")
    String name;

    @Option(names = {"--force", "-f"}, description = "reset without asking")
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
            if (active == 0) {
                out.println("No lease entries to remove");
                out.flush();
                return 0;
            }
            if (!force && !KvOutput.ask(out, "Reset " + name + " with " + active + " lease entries?")) {
                return 0;
            }
            governor.storage().reset(name);
            out.flush();
            return 0;
        });
    }
}

package mms.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms governor evict NAME SEQ}: frees one holder's slot. */
@Command(name = "evict", mixinStandardHelpOptions = true,
        description = "Frees the slot with the given ID (see 'view'); its holder is not stopped.")
final class GovernorEvictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "governor name")
    String name;

    @Parameters(index = "1", paramLabel = "WORKER-SEQ", description = "slot ID")
    long sequence;

    @Option(names = {"--force", "-f"}, description = "evict without asking")
    boolean force;

    @Mixin
    GovernorStoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        return store.apply(governor -> {
            if (governor.storage().view(name).holders().isEmpty()) {
                out.println("No lease entries to remove");
                out.flush();
                return 0;
            }
            if (!force && !KvOutput.ask(out, "Evict lease " + sequence + " from " + name + "?")) {
                return 0;
            }
            String holder = governor.storage().evict(name, sequence);
            governor.announce(GovernorEvent.of(GovernorEventType.EVICTION, holder, "CLI", name, sequence, Instant.now()));
            out.println("Evicted \"" + holder + "\" from slot " + sequence);
            out.flush();
            return 0;
        });
    }
}

package mms.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import mms.duration.GoDuration;
import mms.kv.GovernorInfo;
import mms.kv.UnknownGovernor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms governor add NAME CAPACITY EXPIRE}: creates a governor or updates its configuration. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Creates a governor, or offers to update an existing one whose configuration differs.",
            "",
            "EXPIRE frees the slot of a holder that stopped keeping it alive (crashed), e.g. 5m or 1d."})
final class GovernorAddCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "governor name")
    String name;

    @Parameters(index = "1", paramLabel = "CAPACITY", description = "most holders at once")
    int capacity;

    @Parameters(index = "2", paramLabel = "EXPIRE", converter = CliDurationConverter.class,
            description = "slot lifetime without keep-alive, at least 1s")
    Duration expire;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "1", description = "JetStream replicas (default ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = {"--force", "-f"}, description = "update without asking")
    boolean force;

    @Mixin
    GovernorStoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        return store.apply(governor -> {
            GovernorInfo live = null;
            try {
                live = governor.storage().view(name).info();
            } catch (UnknownGovernor e) {
                // created below
            }
            if (live != null && (live.capacity() != capacity || !live.expire().equals(expire) || live.replicas() != replicas)) {
                out.println("Existing configuration:");
                out.println();
                out.println("  Capacity: " + live.capacity() + " desired: " + capacity);
                out.println("   Expires: " + GoDuration.format(live.expire()) + " desired: " + GoDuration.format(expire));
                out.println("  Replicas: " + live.replicas() + " desired: " + replicas);
                out.println();
                if (!force && !KvOutput.ask(out, "Update configuration for " + name + "?")) {
                    out.flush();
                    return 0;
                }
            }
            GovernorInfo info = live == null || force || live.capacity() != capacity || !live.expire().equals(expire)
                    || live.replicas() != replicas ? governor.storage().add(name, capacity, expire, replicas) : live;
            out.println("Configuration:");
            out.println();
            out.println("  Capacity: " + info.capacity());
            out.println("   Expires: " + GoDuration.format(info.expire()));
            out.println("  Replicas: " + info.replicas());
            out.println();
            out.flush();
            return 0;
        });
    }
}

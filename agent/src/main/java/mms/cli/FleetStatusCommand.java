package mms.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.config.AgentConfig;
import mms.kv.KeyValueStore;
import mms.status.FleetFeed;
import mms.status.FleetView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mms fleet status}: the fleet at a glance, or {@code --wait} until it runs the current specification. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Shows how many nodes report, which are stale, which specification revision each runs, "
                    + "the versions of each machine and every failure with its reason.",
            "",
            "With --wait, follows the specification in the store (manage_bucket, manage_key) until every "
                    + "live node runs it or rejected it, printing progress, and exits 0 when all run it, "
                    + "3 when a node rejected it, 4 when a node failed to install it by the timeout, 5 when "
                    + "nodes did not get there in time (1: the store or the specification cannot be read).",
            "",
            "A node is stale when it missed 3 heartbeats (status_interval of its agent); stale and "
                    + "stopped nodes are shown but not waited for."
        })
final class FleetStatusCommand implements Callable<Integer> {
    @Option(names = "--machine", paramLabel = "NAME", description = "only this machine: its versions, failures and "
            + "the nodes that run it")
    String machine;

    @Option(names = "--json", description = "print the view as JSON (documented in the README)")
    boolean json;

    @Option(names = "--wait", description = "wait until every live node runs the current specification or rejected it")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = CliDurationConverter.class,
            description = "with --wait, give up after this long (default 5m)")
    Duration timeout;

    @Mixin
    FleetOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (await && machine != null) {
            throw new CliException("--machine cannot be combined with --wait: --wait follows the whole specification",
                    2, null);
        }
        if (timeout != null && !await) {
            throw new CliException("--timeout needs --wait", 2, null);
        }
        AgentConfig config = options.resolve(System.getenv());
        AgentConfig.SpecificationKey where = config.specification();
        try (KeyValueStore store = KvOptions.open(config.store());
             FleetFeed feed = FleetFeed.open(store, where.bucket(), where.key())) {
            FleetWait.awaitInitial(feed, store.description());
            if (!await) {
                print(feed.view(Instant.now(), Optional.ofNullable(machine)), where);
                return 0;
            }
            PrintWriter progress = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
            return FleetWait.follow(feed, where, timeout == null ? FleetWait.DEFAULT_TIMEOUT : timeout, progress,
                    view -> print(view, where));
        }
    }

    private void print(FleetView view, AgentConfig.SpecificationKey where) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(view.toJson());
            out.flush();
        } else {
            FleetReport.print(out, view, where);
        }
    }
}

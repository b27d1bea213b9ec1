package mms.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.config.AgentConfig;
import mms.duration.GoDuration;
import mms.kv.KeyValueStore;
import mms.status.FleetFeed;
import mms.status.FleetView;
import mms.status.PublishedSpecification;
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
    /** Every live node runs the current specification. */
    static final int CONVERGED = 0;
    /** A node rejected it (untrusted, invalid); the others run it or rejected it too. */
    static final int REJECTED = 3;
    /** At the timeout, a node had failed to apply or install it. */
    static final int FAILED = 4;
    /** At the timeout, nodes were still on their way (or none reported). */
    static final int TIMED_OUT = 5;
    /** How long reading the records and the specification may take. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** How often {@code --wait} looks again without a change (stale nodes, the timeout). */
    static final Duration RECHECK = Duration.ofSeconds(1);
    /**
     * The least time between two views of {@code --wait}: a large fleet changes many times a
     * second during a rollout, and each view reads every record.
     */
    static final Duration MIN_GAP = Duration.ofMillis(250);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

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
            if (!feed.awaitInitial(READ_TIMEOUT)) {
                throw new CliException("could not read the fleet's status from " + store.description() + " within "
                        + GoDuration.format(READ_TIMEOUT) + feed.lastError().map(e -> ": " + e).orElse(""));
            }
            if (!await) {
                print(feed.view(Instant.now(), Optional.ofNullable(machine)), where);
                return 0;
            }
            return follow(feed, where, timeout == null ? Duration.ofMinutes(5) : timeout);
        }
    }

    private int follow(FleetFeed feed, AgentConfig.SpecificationKey where, Duration limit) throws InterruptedException {
        PrintWriter progress = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Instant deadline = Instant.now().plus(limit);
        String lastLine = "";
        long revision = -1;
        while (true) {
            Instant now = Instant.now();
            FleetView view = feed.view(now, Optional.empty());
            PublishedSpecification current = view.specification().orElseThrow(() -> new CliException(
                    "no specification in " + where.bucket() + " > " + where.key() + " to wait for"));
            if (current.problem().isPresent()) {
                print(view, where);
                throw new CliException(FleetReport.revision(current) + " cannot be applied by any node: "
                        + current.problem().get(), REJECTED, null);
            }
            if (current.revision() != revision) {
                revision = current.revision();
                progress.println(clock(now) + " waiting for " + current.bucket() + " > " + current.key() + " "
                        + FleetReport.revision(current));
                lastLine = "";
            }
            String line = FleetReport.progress(view);
            if (!line.equals(lastLine)) {
                progress.println(clock(now) + " " + line);
                progress.flush();
                lastLine = line;
            }
            boolean timedOut = !now.isBefore(deadline);
            if (view.isSettled() || timedOut) {
                print(view, where);
                return outcome(view, timedOut, limit);
            }
            Duration left = Duration.between(now, deadline);
            feed.awaitChange(left.compareTo(RECHECK) < 0 ? left : RECHECK);
            // changes arriving meanwhile are kept by the feed and seen by the next view
            Duration since = Duration.between(now, Instant.now());
            if (since.compareTo(MIN_GAP) < 0) {
                Thread.sleep(MIN_GAP.minus(since));
            }
        }
    }

    /** The exit code, with a one-line reason naming the nodes on error. */
    private static int outcome(FleetView view, boolean timedOut, Duration limit) {
        String revision = "revision " + view.specification().orElseThrow().revision();
        if (!view.rejected().isEmpty()) {
            throw new CliException(revision + " was rejected by " + named(view.rejected()), REJECTED, null);
        }
        if (!view.failed().isEmpty()) {
            throw new CliException(revision + " failed on " + named(view.failed()), FAILED, null);
        }
        if (timedOut && !view.isConverged()) {
            String waiting = view.managed() == 0 ? "no live node reports being managed from it"
                    : FleetReport.count(FleetView.size(view.pending()), "node") + " did not run it in time: "
                            + FleetReport.nodes(FleetReport.all(view.pending()));
            throw new CliException(revision + " not converged after " + GoDuration.format(limit) + ": "
                    + waiting, TIMED_OUT, null);
        }
        return CONVERGED;
    }

    private static String named(List<FleetView.Group> groups) {
        List<String> nodes = FleetReport.all(groups);
        String reason = groups.size() == 1 ? ": " + groups.getFirst().reason() : " (reasons above)";
        return FleetReport.count(nodes.size(), "node") + " (" + FleetReport.nodes(nodes) + ")" + reason;
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

    private static String clock(Instant now) {
        return "[" + CLOCK.format(now.atZone(ZoneId.systemDefault())) + "]";
    }
}

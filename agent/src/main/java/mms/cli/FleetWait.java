package mms.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import mms.config.AgentConfig;
import mms.duration.GoDuration;
import mms.rollout.RolloutProgress;
import mms.status.FleetFeed;
import mms.status.FleetView;
import mms.status.PublishedSpecification;

/**
 * Follows the fleet until it runs the specification in the store, or rejected it, or the time is
 * up: the one waiting loop of {@code mms fleet status --wait} and {@code mms spec publish --wait}
 * (and {@code rollback}, {@code pause}, {@code resume}). It prints a progress line when the
 * fleet's counts change, not at every look ({@link FleetReport#progress}, the one place a richer
 * display of a rollout plugs in), then the report, and turns the outcome into the exit code.
 */
final class FleetWait {
    /** Every live node runs the current specification. */
    static final int CONVERGED = 0;
    /** A node rejected it (untrusted, invalid); the others run it or rejected it too. */
    static final int REJECTED = 3;
    /**
     * A node reverted a version of an entry that failed its health check, or the entry's rollout
     * halted; or, at the timeout, a node had failed to apply or install it.
     */
    static final int FAILED = 4;
    /** At the timeout, nodes were still on their way (or none reported). */
    static final int TIMED_OUT = 5;
    /** How long {@code --wait} waits when no {@code --timeout} is given. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** How long reading the records and the specification may take. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** How often the loop looks again without a change (stale nodes, the timeout). */
    static final Duration RECHECK = Duration.ofSeconds(1);
    /**
     * The least time between two views: a large fleet changes many times a second during a
     * rollout, and each view reads every record.
     */
    static final Duration MIN_GAP = Duration.ofMillis(250);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private FleetWait() {}

    /**
     * Waits until the feed has read what the store holds now.
     *
     * @throws CliException when it could not within {@link #READ_TIMEOUT}, naming the store's error
     */
    static void awaitInitial(FleetFeed feed, String store) throws InterruptedException {
        if (!feed.awaitInitial(READ_TIMEOUT)) {
            throw new CliException("could not read the fleet's status from " + store + " within "
                    + GoDuration.format(READ_TIMEOUT) + feed.lastError().map(e -> ": " + e).orElse(""));
        }
    }

    /**
     * Follows the fleet. A newer specification put meanwhile becomes the one waited for, and says
     * so.
     *
     * @param feed     the fleet, read ({@link #awaitInitial}), not null
     * @param where    the specification's bucket and key, named when it holds none
     * @param limit    how long to wait at most
     * @param progress where progress lines go
     * @param report   prints the final view (also the view of a specification no node can apply)
     * @return {@link #CONVERGED}
     * @throws CliException with {@link #REJECTED}, {@link #FAILED} or {@link #TIMED_OUT} and a
     *     one-line reason naming the nodes; exit 1 when the key holds no specification
     */
    static int follow(FleetFeed feed, AgentConfig.SpecificationKey where, Duration limit, PrintWriter progress,
                      Consumer<FleetView> report) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        String lastLine = "";
        long revision = -1;
        while (true) {
            Instant now = Instant.now();
            FleetView view = feed.view(now, Optional.empty());
            PublishedSpecification current = view.specification().orElseThrow(() -> new CliException(
                    "no specification in " + where.bucket() + " > " + where.key() + " to wait for"));
            if (current.problem().isPresent()) {
                report.accept(view);
                throw new CliException(FleetReport.revision(current) + " cannot be applied by any node: "
                        + current.problem().get(), REJECTED, null);
            }
            if (current.revision() != revision) {
                revision = current.revision();
                progress.println(clock(now) + " waiting for " + current.bucket() + " > " + current.key() + " "
                        + FleetReport.revision(current));
                lastLine = "";
            }
            // a rollout's waves, one line per entry with a plan: which wave, how many healthy
            String line = FleetReport.progress(view) + RolloutProgress.of(feed.records(), current, now).entries()
                    .stream().filter(e -> e.plan().isPresent())
                    .map(e -> "\n  " + FleetReport.rollout(e)).collect(Collectors.joining());
            if (!line.equals(lastLine)) { // compared without the time, so an unchanged fleet prints nothing
                progress.println(clock(now) + " " + line.replace("\n", "\n" + clock(now) + " "));
                progress.flush();
                lastLine = line;
            }
            boolean timedOut = !now.isBefore(deadline);
            if (view.isSettled() || timedOut) {
                report.accept(view);
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
        if (!view.reverted().isEmpty() || !view.halted().isEmpty()) {
            List<String> what = new ArrayList<>();
            if (!view.reverted().isEmpty()) {
                what.add("its health check failed on " + named(view.reverted()));
            }
            if (!view.halted().isEmpty()) {
                List<String> nodes = FleetReport.all(view.halted());
                what.add("the rollout halted on " + FleetReport.count(nodes.size(), "node") + " ("
                        + FleetReport.nodes(nodes) + ")");
            }
            throw new CliException(revision + " was not rolled out: " + String.join("; ", what), FAILED, null);
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

    private static String clock(Instant now) {
        return "[" + CLOCK.format(now.atZone(ZoneId.systemDefault())) + "]";
    }
}

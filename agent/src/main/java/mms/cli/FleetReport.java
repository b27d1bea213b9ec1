package mms.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import mms.config.AgentConfig;
import mms.duration.GoDuration;
import mms.status.FleetView;
import mms.status.NodeStatus;
import mms.status.PublishedSpecification;

/**
 * {@link FleetView} as people read it, at any fleet size: counts, then each problem once with the
 * first few nodes that have it ({@code web1, web2, web3 and 9,997 more}), sections left out when
 * empty.
 */
final class FleetReport {
    /** Nodes named per line before "and N more". */
    static final int NODES_PER_LINE = 5;
    /** Lines per section before "… and N more". */
    static final int LINES_PER_SECTION = 10;

    private FleetReport() {}

    /**
     * Prints the report.
     *
     * @param where the bucket and key of the specification, named when it holds none
     */
    static void print(PrintWriter out, FleetView view, AgentConfig.SpecificationKey where) {
        if (view.specification().isPresent()) {
            PublishedSpecification s = view.specification().get();
            out.println("Specification " + s.bucket() + " > " + s.key() + ": " + revision(s) + ", put "
                    + s.created().truncatedTo(ChronoUnit.SECONDS));
            s.problem().ifPresent(p -> out.println("  no node can apply it: " + p));
        } else {
            out.println("Specification " + where.bucket() + " > " + where.key() + ": none");
        }
        view.machine().ifPresent(m -> out.println("Machine " + m + " only"));
        out.println("Nodes: " + number(view.reporting()) + " reporting, " + number(view.live()) + " live, "
                + number(view.stale().size()) + " stale, " + number(view.stopped().size()) + " stopped");
        if (view.reporting() == 0) {
            out.println("  no node has reported its status yet (bucket " + NodeStatus.BUCKET + ")");
        }
        if (view.specification().isPresent() && view.managed() > 0) {
            out.println("Converged: " + number(view.converged().size()) + " of " + count(view.managed(), "managed node")
                    + String.format(Locale.ROOT, " (%.1f%%)", view.convergedPercent()) + " run "
                    + "revision " + view.specification().get().revision());
            out.println("Revisions: " + view.revisions().stream()
                    .map(c -> c.label() + " on " + count(c.nodes(), "node")).collect(Collectors.joining(", ")));
        }
        groups(out, "Rejected by", view.rejected());
        groups(out, "Failed on", view.failed());
        groups(out, "Pending on", view.pending());
        if (!view.stale().isEmpty()) {
            out.println("Stale (no record for " + NodeStatus.STALE_AFTER_HEARTBEATS + " heartbeats): "
                    + count(view.stale().size(), "node"));
            lines(out, view.stale().stream().map(s -> "  " + s.identity() + ", last seen " + s.updated()
                    .truncatedTo(ChronoUnit.SECONDS) + " (" + ago(s.updated(), view.at()) + " ago)")
                    .toList());
        }
        if (!view.stopped().isEmpty()) {
            out.println("Stopped: " + nodes(view.stopped()));
        }
        if (!view.unmanaged().isEmpty() && view.specification().isPresent()) {
            PublishedSpecification s = view.specification().get();
            out.println("Not managed from " + s.bucket() + " > " + s.key() + ": " + nodes(view.unmanaged()));
        }
        if (!view.versions().isEmpty()) {
            out.println("Machines:");
            lines(out, view.versions().stream().map(m -> "  " + m.machine() + ": " + m.versions().stream()
                    .map(c -> c.label() + " on " + count(c.nodes(), "node")).collect(Collectors.joining(", "))).toList());
        }
        // an install that failed is listed once, under "Failed on"
        groups(out, "Failures on", view.failures().stream().filter(g -> !view.failed().contains(g)).toList());
        groups(out, "Unreadable records:", view.unreadable());
        out.flush();
    }

    /** One line of {@code --wait} progress. */
    static String progress(FleetView view) {
        return String.format(Locale.ROOT, "%s of %s converged (%.1f%%), %s rejected, %s failed, %s pending%s",
                number(view.converged().size()), number(view.managed()), view.convergedPercent(),
                number(FleetView.size(view.rejected())), number(FleetView.size(view.failed())),
                number(FleetView.size(view.pending())),
                view.stale().isEmpty() ? "" : ", " + number(view.stale().size()) + " stale");
    }

    static String revision(PublishedSpecification s) {
        return "revision " + s.revision() + " (digest " + s.digest().substring(0, 12) + ")";
    }

    /** {@code web1, web2 and 3 more}. */
    static String nodes(List<String> nodes) {
        String named = String.join(", ", nodes.subList(0, Math.min(NODES_PER_LINE, nodes.size())));
        return nodes.size() <= NODES_PER_LINE ? named : named + " and " + number(nodes.size() - NODES_PER_LINE) + " more";
    }

    private static void groups(PrintWriter out, String title, List<FleetView.Group> groups) {
        if (groups.isEmpty()) {
            return;
        }
        out.println(title + (title.endsWith(":") ? "" : " " + count(FleetView.size(groups), "node") + ":"));
        lines(out, groups.stream().map(g -> "  " + nodes(g.nodes()) + ": " + g.reason()).toList());
    }

    private static void lines(PrintWriter out, List<String> lines) {
        lines.stream().limit(LINES_PER_SECTION).forEach(out::println);
        if (lines.size() > LINES_PER_SECTION) {
            out.println("  … and " + number(lines.size() - LINES_PER_SECTION) + " more");
        }
    }

    private static String ago(Instant then, Instant now) {
        return GoDuration.format(Duration.between(then, now).truncatedTo(ChronoUnit.SECONDS));
    }

    static String count(int n, String noun) {
        return number(n) + " " + noun + (n == 1 ? "" : "s");
    }

    static String number(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Every node of {@code groups}, for one-line summaries. */
    static List<String> all(List<FleetView.Group> groups) {
        List<String> all = new ArrayList<>();
        groups.forEach(g -> all.addAll(g.nodes()));
        return all.stream().sorted().distinct().toList();
    }
}

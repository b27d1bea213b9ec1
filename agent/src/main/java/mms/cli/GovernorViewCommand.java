package mms.cli;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mms.duration.GoDuration;
import mms.kv.GovernorView;
import mms.kv.Holder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms governor view NAME}: configuration and holders. */
@Command(name = "view", aliases = {"info", "show", "v", "s"}, mixinStandardHelpOptions = true,
        description = "Shows a governor's configuration and who holds its slots.")
final class GovernorViewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "governor name")
    String name;

    @Mixin
    GovernorStoreOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        return store.apply(governor -> {
            GovernorView view = governor.storage().view(name);
            out.println("Configuration for Governor " + name);
            out.println();
            out.println("       Capacity: " + view.info().capacity());
            out.println("        Expires: " + GoDuration.format(view.info().expire()));
            out.println("       Replicas: " + view.info().replicas());
            out.println("  Active Leases: " + view.info().active());
            out.println();
            if (!view.holders().isEmpty()) {
                out.println();
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "Process Name", "Age"});
                for (Holder h : view.holders()) {
                    rows.add(new String[] {Long.toString(h.sequence()), h.name(),
                            GoDuration.format(h.age().truncatedTo(ChronoUnit.MILLIS))});
                }
                table(out, rows);
            }
            out.flush();
            return 0;
        });
    }

    /** A boxed table like the original's, header first. */
    static void table(PrintWriter out, List<String[]> rows) {
        int[] width = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        out.println(rule);
        for (int n = 0; n < rows.size(); n++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < width.length; i++) {
                line.append(' ').append(String.format("%-" + width[i] + "s", rows.get(n)[i])).append(" |");
            }
            out.println(line);
            if (n == 0) {
                out.println(rule);
            }
        }
        out.println(rule);
    }
}

package mms.watcher.nagios;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One item of Nagios performance data: {@code label=value[unit][;warn;crit;min;max]} after the
 * {@code |} of a plugin's output. Thresholds are dropped, as in the original.
 *
 * @param unit  {@code us}, {@code ms}, {@code s}, {@code %}, {@code B}, {@code KB}, {@code MB},
 *              {@code TB}, {@code c}, or empty
 * @param label the label, spaces turned into {@code _}
 * @param value the value
 */
public record PerfData(String unit, String label, double value) {
    /** The original's value pattern: a number-ish prefix and an optional unit. */
    private static final Pattern VALUE = Pattern.compile("^([-*\\d+.]+)(us|ms|s|%|B|KB|MB|TB|c)*");

    /** Rejects nulls. */
    public PerfData {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(label, "label");
    }

    /**
     * Parses the performance data of a plugin's output as the original does: the output must have
     * exactly one {@code |}; what follows is split on spaces into items, and an item whose value is
     * not a number is skipped. Unlike the original, a quoted label ({@code 'free space'=5GB}) is
     * read whole and without its quotes, as Nagios defines it, where the original splits it at the
     * space and keeps a quote in the label.
     *
     * @param output a plugin's output, not null
     * @return the items in order; empty when there are none
     */
    public static List<PerfData> parse(String output) {
        String[] parts = output.split("\\|", -1);
        if (parts.length != 2) {
            return List.of();
        }
        List<PerfData> out = new ArrayList<>();
        for (String item : items(parts[1].strip())) {
            String[] labelled = item.split(";", -1)[0].split("=", -1);
            if (labelled.length != 2) {
                continue;
            }
            Matcher value = VALUE.matcher(labelled[1]);
            if (!value.find()) {
                continue; // the original panics here
            }
            double number;
            try {
                number = Double.parseDouble(value.group(1));
            } catch (NumberFormatException e) {
                continue;
            }
            String label = labelled[0].replace("'", "").replace(" ", "_");
            out.add(new PerfData(value.group(2) == null ? "" : value.group(2), label, number));
        }
        return List.copyOf(out);
    }

    /** The items: runs of characters between spaces, where a space inside single quotes belongs to the item. */
    private static List<String> items(String data) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ' ' && !quoted) {
                if (!item.isEmpty()) {
                    items.add(item.toString());
                }
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        if (!item.isEmpty()) {
            items.add(item.toString());
        }
        return items;
    }
}

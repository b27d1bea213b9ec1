package mms.watcher.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mms.watcher.GaugeSink;

/**
 * A metric watcher's values as Prometheus gauges, named as the original names them in its text
 * file: {@code choria_machine_metric_watcher_<watcher>_<metric>}, with the metric's labels, the
 * watcher name and label names and values lowercased and their spaces, commas and quotes turned
 * into {@code _} ({@code promName}). The text file and the agent's {@code /metrics} use the same
 * series, so a dashboard reads either. Unlike the original, a character the text format does not
 * allow in a name (a {@code -}, a {@code /} from a disk's perfdata label) also becomes {@code _},
 * where the original writes a file Prometheus refuses.
 */
final class PrometheusSeries {
    private PrometheusSeries() {}

    /** The series of {@code metric}, gathered by the watcher called {@code watcher}. */
    static List<GaugeSink.Gauge> of(String watcher, Metric metric) {
        Map<String, String> labels = new TreeMap<>();
        metric.labels().forEach((name, value) -> labels.put(labelName(promName(name)), promName(value)));
        List<GaugeSink.Gauge> out = new ArrayList<>();
        String prefix = "choria_machine_metric_watcher_" + promName(watcher) + "_";
        metric.metrics().forEach((name, value) -> out.add(new GaugeSink.Gauge(metricName(prefix + name), labels, value)));
        return out;
    }

    /** The original's {@code promName}: lowercase, with spaces, commas and double quotes as {@code _}. */
    static String promName(String name) {
        return name.toLowerCase(Locale.ROOT).replace(" ", "_").replace(",", "_").replace("\"", "_");
    }

    private static String metricName(String name) {
        return valid(name, true);
    }

    private static String labelName(String name) {
        return valid(name, false);
    }

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*} for metric names, the same without {@code :} for labels. */
    private static String valid(String name, boolean colons) {
        StringBuilder out = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':');
            boolean digit = c >= '0' && c <= '9';
            out.append(letter || (digit && i > 0) ? c : (digit ? "_" + c : "_"));
        }
        return out.isEmpty() ? "_" : out.toString();
    }

    /** The series grouped by name, in name order, as the text file writes them. */
    static Map<String, List<GaugeSink.Gauge>> byName(List<GaugeSink.Gauge> series) {
        Map<String, List<GaugeSink.Gauge>> out = new TreeMap<>();
        series.forEach(gauge -> out.computeIfAbsent(gauge.name(), n -> new ArrayList<>()).add(gauge));
        return out;
    }

    /** The labels as the text file writes them: {@code name="value"} joined by commas, in name order. */
    static String labels(Map<String, String> labels) {
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(labels).forEach((name, value) -> pairs.add(name + "=\"" + value.replace("\\", "\\\\")
                .replace("\n", "\\n") + "\""));
        return String.join(",", pairs);
    }
}

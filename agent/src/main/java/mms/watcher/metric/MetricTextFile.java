package mms.watcher.metric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import mms.files.AtomicFiles;
import mms.watcher.GaugeSink;

/**
 * The original's {@code choria_machine_metrics_watcher_status.prom} for node_exporter's text file
 * collector: the last values of every metric watcher writing to the directory, one
 * {@code # HELP <name> Choria Metric} gauge family per name, values with six decimals. One file
 * per directory, shared by every metric watcher writing there, rewritten whole and atomically
 * (mode 0644) on each update. A watcher's values leave the file when it stops (the original
 * instead drops values not updated for five writes of the file).
 */
final class MetricTextFile {
    /** The file's name in the directory. */
    static final String NAME = "choria_machine_metrics_watcher_status.prom";

    private static final Map<Path, MetricTextFile> FILES = new ConcurrentHashMap<>();

    private final Path file;
    /** Each watcher's series, by {@code machine#watcher}. */
    private final Map<String, List<GaugeSink.Gauge>> series = new TreeMap<>();

    private MetricTextFile(Path directory) {
        this.file = directory.resolve(NAME);
    }

    /** The file in {@code directory}. */
    static MetricTextFile in(Path directory) {
        return FILES.computeIfAbsent(directory.toAbsolutePath().normalize(), MetricTextFile::new);
    }

    /**
     * Replaces a watcher's values and rewrites the file.
     *
     * @return false when the directory does not exist (nothing written, as the original)
     * @throws IOException when the file cannot be written
     */
    synchronized boolean update(String machine, String watcher, List<GaugeSink.Gauge> values) throws IOException {
        series.put(machine + "#" + watcher, List.copyOf(values));
        return save();
    }

    /**
     * Removes a watcher's values and rewrites the file.
     *
     * @return false when the directory does not exist
     * @throws IOException when the file cannot be written
     */
    synchronized boolean delete(String machine, String watcher) throws IOException {
        series.remove(machine + "#" + watcher);
        return save();
    }

    private boolean save() throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            return false;
        }
        List<GaugeSink.Gauge> all = new ArrayList<>();
        series.values().forEach(all::addAll);
        StringBuilder text = new StringBuilder();
        PrometheusSeries.byName(all).forEach((name, gauges) -> {
            text.append("# HELP ").append(name).append(" Choria Metric\n");
            text.append("# TYPE ").append(name).append(" gauge\n");
            for (GaugeSink.Gauge gauge : gauges) {
                text.append(name).append('{').append(PrometheusSeries.labels(gauge.labels())).append("} ")
                        .append(String.format(Locale.ROOT, "%f", gauge.value())).append('\n');
            }
        });
        AtomicFiles.replace(file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        return true;
    }
}

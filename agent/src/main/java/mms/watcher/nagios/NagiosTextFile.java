package mms.watcher.nagios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import mms.files.AtomicFiles;

/**
 * The original's {@code choria_machine_nagios_watcher_status.prom} for node_exporter's text file
 * collector, which Choria Scout dashboards read: per machine (as the original, keyed by machine
 * name) its status, the time of its last update and how many updates it had. One file per
 * directory, shared by every nagios watcher writing there, rewritten whole and atomically (mode
 * 0644) on each update, as the original does with its process-wide state.
 */
final class NagiosTextFile {
    /** The file's name in the directory. */
    static final String NAME = "choria_machine_nagios_watcher_status.prom";

    private static final Map<Path, NagiosTextFile> FILES = new ConcurrentHashMap<>();

    private record Entry(NagiosStatus status, Instant updated, long checks) {}

    private final Path file;
    private final long startTime;
    private final Map<String, Entry> entries = new TreeMap<>();

    private NagiosTextFile(Path directory, Instant now) {
        this.file = directory.resolve(NAME);
        this.startTime = now.getEpochSecond();
    }

    /**
     * The file in {@code directory}; its {@code choria_machine_nagios_start_time} is {@code now}
     * when this is the first use.
     */
    static NagiosTextFile in(Path directory, Instant now) {
        return FILES.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> new NagiosTextFile(d, now));
    }

    /**
     * Records a machine's status and rewrites the file.
     *
     * @return false when the directory does not exist (nothing written, as the original)
     * @throws IOException when the file cannot be written
     */
    synchronized boolean update(String machine, NagiosStatus status, Instant now) throws IOException {
        Entry previous = entries.get(machine);
        entries.put(machine, new Entry(status, now, previous == null ? 1 : previous.checks() + 1));
        return save();
    }

    /**
     * Forgets a machine and rewrites the file.
     *
     * @return false when the directory does not exist
     * @throws IOException when the file cannot be written
     */
    synchronized boolean delete(String machine) throws IOException {
        entries.remove(machine);
        return save();
    }

    private boolean save() throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        text.append("# HELP choria_machine_nagios_start_time Time the Choria Machine subsystem started in unix seconds\n");
        text.append("# TYPE choria_machine_nagios_start_time gauge\n");
        text.append("choria_machine_nagios_start_time ").append(startTime).append('\n');
        text.append("# HELP choria_machine_nagios_watcher_status Choria Nagios Check Status\n");
        text.append("# TYPE choria_machine_nagios_watcher_status gauge\n");
        entries.forEach((name, entry) -> {
            if (entry.status().isResult()) {
                text.append("choria_machine_nagios_watcher_status{name=").append(quote(name)).append(",status=")
                        .append(quote(entry.status().wireName())).append("} ").append(entry.status().code()).append('\n');
            }
        });
        text.append("# HELP choria_machine_nagios_watcher_last_run_seconds Choria Nagios Check Time\n");
        text.append("# TYPE choria_machine_nagios_watcher_last_run_seconds gauge\n");
        entries.forEach((name, entry) -> text.append("choria_machine_nagios_watcher_last_run_seconds{name=")
                .append(quote(name)).append("} ").append(entry.updated().getEpochSecond()).append('\n'));
        text.append("# HELP choria_machine_nagios_watcher_checks_count Choria Nagios Check Count\n");
        text.append("# TYPE choria_machine_nagios_watcher_checks_count counter\n");
        entries.forEach((name, entry) -> text.append("choria_machine_nagios_watcher_checks_count{name=")
                .append(quote(name)).append("} ").append(entry.checks()).append('\n'));
        AtomicFiles.replace(file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        return true;
    }

    /** A label value in double quotes, escaped as the text format (and Go's {@code %q}, for these) wants. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}

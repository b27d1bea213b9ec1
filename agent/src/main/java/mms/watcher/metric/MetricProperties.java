package mms.watcher.metric;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import mms.process.CommandLine;
import mms.template.Template;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of a metric watcher.
 *
 * @param command        {@code command}: the command line (template) whose output is the metric,
 *                       required; split into words without a shell
 * @param interval       {@code interval} (a property here, not the watcher's): Go duration between
 *                       runs; default and minimum 1s
 * @param labels         {@code labels}: added to every metric, over the command's own; default none
 * @param skipPrometheus {@code skip_prometheus}: neither the Prometheus text file nor the agent's
 *                       {@code /metrics} get the values; default false
 * @param store          {@code store}: keep the last metric in machine data, under
 *                       {@code metric.<watcher>}; default false
 * @param graphiteHost   {@code graphite_host}: Graphite (carbon plain text) host (template); empty
 *                       for none
 * @param graphitePort   {@code graphite_port}: its port (template); empty for none
 * @param graphitePrefix {@code graphite_prefix}: prefix of the Graphite names (template); default
 *                       {@code choria.<watcher name with spaces as ->}
 */
public record MetricProperties(String command, Duration interval, Map<String, String> labels, boolean skipPrometheus,
                               boolean store, Optional<String> graphiteHost, Optional<String> graphitePort,
                               String graphitePrefix) {

    /** The shortest, and default, time between runs. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** Copies and sorts the labels. */
    public MetricProperties {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /**
     * Reads and validates the properties, applying defaults.
     *
     * @param p       the properties
     * @param watcher the watcher's name, for the default Graphite prefix
     * @throws WatcherConfigException naming the bad property and value
     */
    public static MetricProperties parse(WatcherProperties p, String watcher) throws WatcherConfigException {
        String command = p.string("command").orElse("");
        if (command.isEmpty()) {
            throw new WatcherConfigException("properties of " + p.owner() + ": command is required");
        }
        if (!Template.isTemplate(command)) {
            try {
                if (CommandLine.split(command).isEmpty()) {
                    throw p.bad("command", command, "has no words to run");
                }
            } catch (IllegalArgumentException e) {
                throw p.bad("command", command, "cannot be split into words: " + e.getMessage());
            }
        }
        Duration interval = p.duration("interval").orElse(Duration.ZERO);
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            interval = MIN_INTERVAL; // as the original: smaller values, and none, mean one second
        }
        Map<String, String> labels = p.stringMap("labels");
        boolean skipPrometheus = p.bool("skip_prometheus", false);
        boolean store = p.bool("store", false);
        p.bool("http", false); // the original decodes it and never uses it
        Optional<String> host = p.string("graphite_host").filter(s -> !s.isEmpty());
        Optional<String> port = p.string("graphite_port").filter(s -> !s.isEmpty());
        String prefix = p.string("graphite_prefix").filter(s -> !s.isEmpty())
                .orElse("choria." + watcher.replace(" ", "-"));
        return new MetricProperties(command, interval, labels, skipPrometheus, store, host, port, prefix);
    }
}

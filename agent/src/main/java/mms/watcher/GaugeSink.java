package mms.watcher;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where watchers put the values they gather for the agent to serve on its {@code /metrics}
 * (the metric watcher). A watcher's gauges replace the ones it put before; the agent serves them
 * until the watcher removes them. Thread-safe; never blocks.
 */
public interface GaugeSink {

    /** Nothing serves gauges: {@code http_listen} is off, or a tool runs the machine. */
    GaugeSink NONE = new GaugeSink() {
        @Override
        public void put(String machine, String watcher, List<Gauge> gauges) {}

        @Override
        public void remove(String machine, String watcher) {}
    };

    /**
     * One gauge series in the Prometheus text format.
     *
     * @param name   a valid Prometheus metric name
     * @param labels valid label names and any values
     * @param value  the value
     */
    record Gauge(String name, Map<String, String> labels, double value) {
        /** Copies the labels. */
        public Gauge {
            Objects.requireNonNull(name, "name");
            labels = Map.copyOf(labels);
        }
    }

    /**
     * Replaces the gauges of a machine's watcher.
     *
     * @param machine the machine name, not null
     * @param watcher the watcher name, not null
     * @param gauges  its gauges now, not null
     */
    void put(String machine, String watcher, List<Gauge> gauges);

    /** Forgets the gauges of a machine's watcher (it stopped). */
    void remove(String machine, String watcher);
}

package mms.watcher.metric;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import mms.json.GoJson;

/**
 * What one run of a metric command gathered, as the original's {@code Metric}: JSON
 * {@code {"labels":{...},"metrics":{...},"time":<unix seconds>}} in notifications, machine data
 * and the agent's HTTP answer alike.
 *
 * @param labels  label names to values, sorted
 * @param metrics metric names to values, sorted
 * @param time    when it was gathered, Unix seconds; 0 before the first run
 */
public record Metric(Map<String, String> labels, Map<String, Double> metrics, long time) {

    /** No run yet. */
    public static final Metric NONE = new Metric(Map.of(), Map.of(), 0);

    /** Copies and sorts, as Go writes maps. */
    public Metric {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** This metric with one more value (the notification's {@code choria_runtime_seconds}). */
    public Metric with(String name, double value) {
        Map<String, Double> more = new TreeMap<>(metrics);
        more.put(name, value);
        return new Metric(labels, more, time);
    }

    /** The original's JSON form. */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode labelObject = out.putObject("labels");
        labels.forEach(labelObject::put);
        ObjectNode metricObject = out.putObject("metrics");
        metrics.forEach((name, value) -> metricObject.set(name, GoJson.number(value)));
        out.put("time", time);
        return out;
    }
}

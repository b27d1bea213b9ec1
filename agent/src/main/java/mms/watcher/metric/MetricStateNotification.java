package mms.watcher.metric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The metric-specific member of {@code io.choria.machine.watcher.metric.v1.state}: {@code metrics},
 * the last {@link Metric} with {@code choria_runtime_seconds}, how long its command ran.
 *
 * @param metrics the last metric, with {@code choria_runtime_seconds}
 */
public record MetricStateNotification(Metric metrics) implements WatcherState {

    /** The metric the notification adds: how long the command ran, in seconds. */
    public static final String RUNTIME = "choria_runtime_seconds";

    /** Rejects null. */
    public MetricStateNotification {
        Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Reads the member {@link #writeTo} writes back from a received
     * {@code io.choria.machine.watcher.metric.v1.state}.
     *
     * @throws EventFormatException when it is missing or malformed
     */
    public static MetricStateNotification read(EventData data) throws EventFormatException {
        EventData metric = new EventData(data.object("metrics"), data.protocol());
        Map<String, String> labels = new LinkedHashMap<>();
        for (var label : metric.object("labels").properties()) {
            if (!label.getValue().isTextual()) {
                throw new EventFormatException(data.protocol() + ": label '" + label.getKey() + "' is not text");
            }
            labels.put(label.getKey(), label.getValue().asText());
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (var value : metric.object("metrics").properties()) {
            JsonNode number = value.getValue();
            if (!number.isNumber()) {
                throw new EventFormatException(data.protocol() + ": metric '" + value.getKey() + "' is not a number: "
                        + number);
            }
            values.put(value.getKey(), number.asDouble());
        }
        return new MetricStateNotification(new Metric(labels, values, metric.integer("time")));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.set("metrics", metrics.toJson());
    }

    /** {@code metrics: name=value, ...} with three decimals, in name order (the original's is random). */
    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " metrics: " + metrics.metrics().entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue()))
                .collect(Collectors.joining(", "));
    }
}

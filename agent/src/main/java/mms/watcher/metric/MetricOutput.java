package mms.watcher.metric;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mms.json.Json;
import mms.watcher.nagios.PerfData;

/**
 * Reads what a metric command printed, as the original: output that starts with {@code {} is
 * JSON {@code {"labels":{"name":"text",...},"metrics":{"name":number,...}}} (label
 * {@code format=choria}; member names match ignoring case; other members are ignored); anything
 * else is Nagios plugin output whose performance data are the metrics (label
 * {@code format=nagios}), so a Nagios plugin serves as a metric command.
 */
final class MetricOutput {
    private static final ObjectReader JSON = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private MetricOutput() {}

    /** Why an output is not a metric. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /**
     * The metric in {@code output}, without time.
     *
     * @throws Invalid when JSON output does not parse or holds a label that is not text or a
     *     metric that is not a number
     */
    static Metric parse(String output) throws Invalid {
        return output.strip().startsWith("{") ? json(output) : nagios(output);
    }

    private static Metric nagios(String output) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        PerfData.parse(output).forEach(perf -> metrics.put(perf.label(), perf.value()));
        return new Metric(Map.of("format", "nagios"), metrics, 0);
    }

    private static Metric json(String output) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(output);
        } catch (IOException e) {
            throw new Invalid("output is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("output is not a JSON object");
        }
        Map<String, String> labels = new LinkedHashMap<>(Map.of("format", "choria"));
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (var member : root.properties()) {
            JsonNode value = member.getValue();
            switch (member.getKey().toLowerCase(Locale.ROOT)) {
                case "labels" -> {
                    for (var label : members(value, "labels")) {
                        if (!label.getValue().isTextual()) {
                            throw new Invalid("label '" + label.getKey() + "' is not text: " + label.getValue());
                        }
                        labels.put(label.getKey(), label.getValue().textValue());
                    }
                }
                case "metrics" -> {
                    for (var metric : members(value, "metrics")) {
                        if (!metric.getValue().isNumber()) {
                            throw new Invalid("metric '" + metric.getKey() + "' is not a number: " + metric.getValue());
                        }
                        metrics.put(metric.getKey(), metric.getValue().doubleValue());
                    }
                }
                default -> {
                    // time, and anything else, is not read: the watcher stamps the time itself
                }
            }
        }
        return new Metric(labels, metrics, 0);
    }

    private static Iterable<Map.Entry<String, JsonNode>> members(JsonNode value, String name) throws Invalid {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isObject()) {
            throw new Invalid(name + " is not an object: " + value);
        }
        return value.properties();
    }
}

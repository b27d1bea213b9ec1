package mms.watcher.nagios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;
import mms.json.GoJson;

/**
 * The nagios-specific members of {@code io.choria.machine.watcher.nagios.v1.state}, in the
 * original's order: {@code plugin}, {@code status}, {@code status_code}, {@code output},
 * {@code check_time} (Unix seconds; Go's zero time, {@value #NEVER}, before the first check),
 * {@code perfdata} ({@code null} when there is none, as the original writes it), {@code runtime}
 * (seconds), {@code history} (the last {@value NagiosWatcher#HISTORY} checks) and
 * {@code annotations}.
 *
 * @param plugin      the rendered plugin command, or the builtin's name; empty before the first check
 * @param status      the current status
 * @param output      the last check's output, trimmed
 * @param checkTime   when the last check started; empty before the first
 * @param perfdata    the last check's performance data
 * @param runtime     how long the last check took
 * @param history     the last checks, oldest first
 * @param annotations the {@code annotations} property
 */
public record NagiosStateNotification(String plugin, NagiosStatus status, String output, Optional<Instant> checkTime,
                                      List<PerfData> perfdata, Duration runtime, List<Execution> history,
                                      Map<String, String> annotations) implements WatcherState {

    /** {@code check_time} before the first check: Go's zero {@code time.Time} in Unix seconds. */
    public static final long NEVER = -62135596800L;

    /** Rejects nulls; copies the lists and sorts the annotations, as Go writes a map. */
    public NagiosStateNotification {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(checkTime, "checkTime");
        perfdata = List.copyOf(perfdata);
        Objects.requireNonNull(runtime, "runtime");
        history = List.copyOf(history);
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /**
     * Reads the members {@link #writeTo} writes back from a received
     * {@code io.choria.machine.watcher.nagios.v1.state}.
     *
     * @throws EventFormatException when a member is missing or malformed
     */
    public static NagiosStateNotification read(EventData data) throws EventFormatException {
        long checked = data.integer("check_time");
        List<Execution> history = new ArrayList<>();
        JsonNode entries = data.json().get("history");
        if (entries != null && !entries.isNull()) {
            if (!entries.isArray()) {
                throw new EventFormatException(data.protocol() + ": member 'history' is not a list");
            }
            for (JsonNode entry : entries) {
                if (!(entry instanceof ObjectNode object)) {
                    throw new EventFormatException(data.protocol() + ": member 'history' holds a non-object");
                }
                EventData execution = new EventData(object, data.protocol());
                history.add(new Execution(instant(execution, "execute"), NagiosStatus.ofCode((int) execution.integer("status")),
                        perfdata(execution)));
            }
        }
        Map<String, String> annotations = new TreeMap<>();
        JsonNode given = data.json().get("annotations");
        if (given != null && !given.isNull()) {
            for (var annotation : data.object("annotations").properties()) {
                annotations.put(annotation.getKey(), annotation.getValue().asText());
            }
        }
        return new NagiosStateNotification(data.string("plugin", ""),
                data.wireName("status", NagiosStatus.class, NagiosStatus::wireName), data.string("output", ""),
                checked == NEVER ? Optional.empty() : Optional.of(Instant.ofEpochSecond(checked)), perfdata(data),
                Duration.ofNanos(Math.round(data.number("runtime") * 1e9)), history, annotations);
    }

    private static Instant instant(EventData data, String member) throws EventFormatException {
        String text = data.string(member);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventFormatException(data.protocol() + ": member '" + member + "' is not an RFC 3339 time: " + text);
        }
    }

    private static List<PerfData> perfdata(EventData data) throws EventFormatException {
        JsonNode items = data.json().get("perfdata");
        if (items == null || items.isNull()) {
            return List.of();
        }
        if (!items.isArray()) {
            throw new EventFormatException(data.protocol() + ": member 'perfdata' is not a list");
        }
        List<PerfData> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (!(item instanceof ObjectNode object)) {
                throw new EventFormatException(data.protocol() + ": member 'perfdata' holds a non-object");
            }
            EventData perf = new EventData(object, data.protocol());
            out.add(new PerfData(perf.string("unit", ""), perf.string("label"), perf.number("value")));
        }
        return out;
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("plugin", plugin);
        data.put("status", status.wireName());
        data.put("status_code", status.code());
        data.put("output", output);
        data.put("check_time", checkTime.map(Instant::getEpochSecond).orElse(NEVER));
        if (perfdata.isEmpty()) {
            data.putNull("perfdata");
        } else {
            data.set("perfdata", perfdata(data, perfdata));
        }
        data.set("runtime", GoJson.number(runtime.toNanos() / 1e9));
        ArrayNode checks = data.putArray("history");
        for (Execution execution : history) {
            ObjectNode entry = checks.addObject();
            entry.put("execute", GoJson.time(execution.executed()));
            entry.put("status", execution.status().code());
            if (!execution.perfdata().isEmpty()) {
                entry.set("perfdata", perfdata(data, execution.perfdata()));
            }
        }
        ObjectNode notes = data.putObject("annotations");
        annotations.forEach(notes::put);
    }

    private static ArrayNode perfdata(ObjectNode factory, List<PerfData> items) {
        ArrayNode out = factory.arrayNode();
        for (PerfData item : items) {
            ObjectNode perf = out.addObject();
            perf.put("unit", item.unit());
            perf.put("label", item.label());
            perf.set("value", GoJson.number(item.value()));
        }
        return out;
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " " + status.wireName() + ": " + output;
    }

    /** The status name, for the agent's run metrics. */
    @Override
    public Optional<String> outcome() {
        return Optional.of(status.wireName());
    }

    @Override
    public Optional<Duration> runTime() {
        return Optional.of(runtime);
    }
}

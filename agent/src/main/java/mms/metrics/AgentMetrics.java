package mms.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.RolloutTransition;
import mms.event.TransitionNotification;
import mms.event.WatcherStateNotification;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventSink;
import mms.kv.StoreState;
import mms.runtime.MachineSnapshot;
import mms.watcher.GaugeSink;
import mms.watcher.archive.ArchiveStateNotification;
import mms.watcher.machines.MachinesStateNotification;
import mms.watcher.plugins.PluginsStateNotification;

/**
 * One agent's metrics, in the Prometheus text format ({@link #scrape}). It is an
 * {@link EventSink}: transitions and watcher runs count as machines report them, on their own
 * threads, through lock-free counters that never make a machine wait. It also takes the governor
 * lifecycle events ({@link #governorEvents()}). Machine states and the store's connection are
 * what the agent reports at each scrape, so they are never stale and a machine that stops
 * disappears.
 *
 * <p>Labels stay bounded: machine and watcher names come from the node's machines, watcher types
 * and outcomes from the watcher types' fixed wire names, governor names from the machines that use
 * them. No label carries an identity (the scrape target has it), a source URL or an error text.
 *
 * <p>Metric watchers put the values they gather here ({@link #gauges()}); they are served with
 * the original's names ({@code choria_machine_metric_watcher_<watcher>_<metric>}) and labels, as
 * its Prometheus text file has them, until the watcher stops.
 *
 * <p>The JVM's metrics ({@code jvm_*}, {@code process_*}) belong to the process, not to an agent:
 * they are registered once per JVM and included in every agent's scrape. Thread safe.
 */
public final class AgentMetrics implements EventSink {
    /** The content type of {@link #scrape()}: the Prometheus text format, version 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /** From a fast exec check to a large download; few buckets, because each is a series per watcher. */
    private static final double[] RUN_SECONDS = {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300};

    /** The namespaces of the agent's and the JVM's own metrics, which gathered values must not enter. */
    private static final List<String> AGENT_PREFIXES = List.of("mms_", "jvm_", "process_");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter transitions;
    private final Counter watcherRuns;
    private final Histogram watcherRunSeconds;
    private final Counter archiveDownloads;
    private final Counter archiveBytes;
    private final Counter archiveFailures;
    private final Counter specificationChecks;
    private final Counter governorWaits;
    private final Gauge governorSlots;
    /** What metric watchers gathered, by machine and watcher. */
    private final Map<WatcherKey, List<GaugeSink.Gauge>> gathered = new ConcurrentHashMap<>();
    private final GaugeSink gauges = new GaugeSink() {
        @Override
        public void put(String machine, String watcher, List<GaugeSink.Gauge> values) {
            gathered.put(new WatcherKey(machine, watcher), List.copyOf(values));
        }

        @Override
        public void remove(String machine, String watcher) {
            gathered.remove(new WatcherKey(machine, watcher));
        }
    };

    private record WatcherKey(String machine, String watcher) {}

    /**
     * Metrics for one agent.
     *
     * @param version the agent's version, not null
     */
    public AgentMetrics(String version) {
        Objects.requireNonNull(version, "version");
        Info.builder().name("mms_agent_info").help("The agent's version; always 1")
                .labelNames("version").register(registry).setLabelValues(version);
        transitions = Counter.builder().name("mms_machine_transitions_total")
                .help("Transitions a machine made since the agent started")
                .labelNames("machine").withoutExemplars().register(registry);
        watcherRuns = Counter.builder().name("mms_watcher_runs_total")
                .help("Watcher runs (commands, checks, downloads) that finished, by outcome; skipped ones are not counted")
                .labelNames("machine", "watcher", "type", "outcome").withoutExemplars().register(registry);
        watcherRunSeconds = Histogram.builder().name("mms_watcher_run_duration_seconds")
                .help("How long watcher runs took, for the types that measure it (exec, archive, machines, nagios)")
                .labelNames("machine", "watcher", "type").classicOnly().classicUpperBounds(RUN_SECONDS)
                .withoutExemplars().register(registry);
        archiveDownloads = Counter.builder().name("mms_archive_downloads_total")
                .help("Archives downloaded, verified and installed by archive watchers")
                .labelNames("machine", "watcher").withoutExemplars().register(registry);
        archiveBytes = Counter.builder().name("mms_archive_downloaded_bytes_total")
                .help("Size of the archives downloaded and installed by archive watchers")
                .labelNames("machine", "watcher").withoutExemplars().register(registry);
        archiveFailures = Counter.builder().name("mms_archive_failures_total")
                .help("Archive checks that failed (download, checksum, content verification, install, governor), retries included")
                .labelNames("machine", "watcher").withoutExemplars().register(registry);
        specificationChecks = Counter.builder().name("mms_specification_checks_total")
                .help("Specification checks of machines watchers: updated (machines changed to follow it), unchanged,"
                        + " rejected (unreadable, untrusted or invalid: nothing changed), error (none yet, or not applied)")
                .labelNames("machine", "watcher", "outcome").withoutExemplars().register(registry);
        governorWaits = Counter.builder().name("mms_governor_waits_total")
                .help("Waits for a governor slot: obtained, or timeout when none was had in time")
                .labelNames("governor", "outcome").withoutExemplars().register(registry);
        governorSlots = Gauge.builder().name("mms_governor_slots_held")
                .help("Governor slots this agent's watchers hold now")
                .labelNames("governor").withoutExemplars().register(registry);
    }

    /**
     * Counts the events the agent's NATS event bus had to drop (its buffer full, or the store not
     * publishing), read from {@code dropped} at each scrape. Call it once, when there is a bus.
     *
     * @param dropped how many events were dropped so far, not null
     */
    public void countDroppedEvents(LongSupplier dropped) {
        Objects.requireNonNull(dropped, "dropped");
        CounterWithCallback.builder().name("mms_events_dropped_total")
                .help("Events not published on the NATS subjects because the bus was full or not publishing;"
                        + " they are in the log and the events file all the same")
                .callback(callback -> callback.call(dropped.getAsLong())).register(registry);
    }

    @Override
    public void publish(MachineEvent event) {
        switch (event) {
            case TransitionNotification t -> transitions.labelValues(t.machine()).inc();
            case WatcherStateNotification s -> {
                // runs are counted from ran(): watchers publish only what changed, and announce again
            }
            case RolloutTransition r -> {
                // a node's rollout state is in its status record; a metric per entry and checksum would grow without bound
            }
        }
    }

    @Override
    public void ran(WatcherStateNotification run) {
        if (run.state().outcome().isEmpty()) {
            return;
        }
        String outcome = run.state().outcome().get();
        watcherRuns.labelValues(run.machine(), run.name(), run.type(), outcome).inc();
        run.state().runTime().ifPresent(took ->
                watcherRunSeconds.labelValues(run.machine(), run.name(), run.type()).observe(took.toNanos() / 1e9));
        if (run.state() instanceof ArchiveStateNotification archive) {
            switch (archive.previousOutcome()) {
                case DOWNLOADED -> {
                    archiveDownloads.labelValues(run.machine(), run.name()).inc();
                    archiveBytes.labelValues(run.machine(), run.name()).inc(archive.downloadedBytes());
                }
                case ERROR, VERIFY_FAILED -> archiveFailures.labelValues(run.machine(), run.name()).inc();
                case VERIFIED, UNKNOWN, SKIPPED, NO_CREATES, NO_CHECKSUMS -> { }
            }
        } else if (run.state() instanceof MachinesStateNotification machines) {
            specificationChecks.labelValues(run.machine(), run.name(),
                    machines.rejected() ? "rejected" : machines.previousOutcome().wireName()).inc();
        } else if (run.state() instanceof PluginsStateNotification plugins) {
            specificationChecks.labelValues(run.machine(), run.name(),
                    plugins.rejected() ? "rejected" : plugins.previousOutcome().wireName()).inc();
        }
    }

    /** Where metric watchers put what they gathered, to be served with the agent's metrics; never blocks. */
    public GaugeSink gauges() {
        return gauges;
    }

    /** Where the agent's governor lifecycle events go to be counted; never throws. */
    public GovernorEventSink governorEvents() {
        return this::governorEvent;
    }

    private void governorEvent(GovernorEvent event) {
        switch (event.type()) {
            case ENTER -> {
                governorWaits.labelValues(event.governor(), "obtained").inc();
                governorSlots.labelValues(event.governor()).inc();
            }
            case EXIT -> governorSlots.labelValues(event.governor()).dec();
            case TIMEOUTS -> governorWaits.labelValues(event.governor(), "timeout").inc();
            case EVICTION -> {
                // only the CLI evicts; an agent never sees its own eviction as an event
            }
        }
    }

    /**
     * Every metric, the JVM's included, in the Prometheus text format ({@link #CONTENT_TYPE}).
     *
     * @param machines the machines running now, not null
     * @param store    the state of the agent's store now, not null
     */
    public byte[] scrape(Collection<MachineSnapshot> machines, StoreState store) {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        registry.scrape().forEach(snapshots::add);
        List<MachineSnapshot> running = distinct(machines);
        snapshots.add(gauge("mms_machine_state", "1 for each running machine, labelled with its current state",
                running.stream().map(m -> Labels.of("machine", m.name(), "state", m.state())).toList()));
        snapshots.add(gauge("mms_machine_info", "1 for each running machine, labelled with its version",
                running.stream().map(m -> Labels.of("machine", m.name(), "version", m.version())).toList()));
        snapshots.add(GaugeSnapshot.builder().name("mms_store_connected")
                .help("1 when the key-value store is open and connected, 0 while it is not open yet (no use so far,"
                        + " or the open failed), reconnecting or closed")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .value(store == StoreState.CONNECTED ? 1 : 0).build())
                .build());
        snapshots.addAll(gathered());
        Jvm.REGISTRY.scrape().forEach(snapshots::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, new MetricSnapshots(snapshots));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to memory", e);
        }
        return out.toByteArray();
    }

    /**
     * The metric watchers' gauges, one snapshot per name in name order. A series with a name or
     * label the text format cannot carry, a name in the agent's own namespaces, or the name and
     * labels of one another watcher already gave would make the whole scrape invalid: it is left
     * out (watchers give valid names; the first of two equal series wins).
     */
    private List<GaugeSnapshot> gathered() {
        Map<String, GaugeSnapshot.Builder> byName = new TreeMap<>();
        Set<List<Object>> seen = new HashSet<>();
        for (List<GaugeSink.Gauge> values : gathered.values()) {
            for (GaugeSink.Gauge gauge : values) {
                if (!servable(gauge) || !seen.add(List.of(gauge.name(), gauge.labels()))) {
                    continue;
                }
                byName.computeIfAbsent(gauge.name(), name -> GaugeSnapshot.builder().name(name).help("Choria Metric"))
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(gauge.labels()))
                                .value(gauge.value()).build());
            }
        }
        return byName.values().stream().map(GaugeSnapshot.Builder::build).toList();
    }

    private static boolean servable(GaugeSink.Gauge gauge) {
        return PrometheusNaming.isValidLegacyMetricName(gauge.name())
                && AGENT_PREFIXES.stream().noneMatch(gauge.name()::startsWith)
                && gauge.labels().keySet().stream().allMatch(PrometheusNaming::isValidLegacyLabelName);
    }

    private static Labels labels(Map<String, String> labels) {
        String[] names = labels.keySet().toArray(String[]::new);
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = labels.get(names[i]);
        }
        return Labels.of(names, values);
    }

    /** An info-style gauge: 1 for each label set. */
    private static GaugeSnapshot gauge(String name, String help, List<Labels> series) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        series.forEach(labels -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(labels).value(1).build()));
        return gauge.build();
    }

    /**
     * The host may run two machines of one name from different directories (it reports it); a name
     * twice would make the whole scrape invalid, so the first one wins.
     */
    private static List<MachineSnapshot> distinct(Collection<MachineSnapshot> machines) {
        Set<String> seen = new HashSet<>();
        return machines.stream().filter(m -> seen.add(m.name())).toList();
    }

    /** The JVM's metrics, registered once, when the first agent scrapes. */
    private static final class Jvm {
        static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

        static {
            JvmMetrics.builder().register(REGISTRY);
        }
    }
}

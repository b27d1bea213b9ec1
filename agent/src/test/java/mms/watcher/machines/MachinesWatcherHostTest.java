package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mms.host.FactsSource;
import mms.host.Host;
import mms.host.HostOptions;
import mms.json.Json;
import mms.kv.testing.LogCapture;
import mms.runtime.WatcherRegistry;
import mms.time.ManualTimeSource;
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machines watcher inside a real host: managers it writes are loaded, purged ones are stopped, then removed. */
class MachinesWatcherHostTest {
    @TempDir
    Path root;
    @TempDir
    Path etc;
    Host host;
    FactsSource facts;
    final FeedWatcher.Factory feed = new FeedWatcher.Factory();
    final IdleArchiveFactory archive = new IdleArchiveFactory();

    @AfterEach
    void close() {
        if (facts != null) {
            facts.close();
        }
        if (host != null) {
            host.close();
        }
    }

    /**
     * Node state changed as a package installation changes it: a file appears and the facts file
     * is rewritten (machines matchers cannot read facts themselves, as in the original, but
     * {@code has_file} and {@code has_command} read what the facts describe).
     */
    @Test
    void aNodeThatComesToMatchWhenItsFactsChangeDeploysWithoutWaitingForTheInterval() throws Exception {
        Path factsFile = etc.resolve("facts.json");
        Path marker = etc.resolve("nginx.conf");
        Files.writeString(factsFile, "{\"packages\": []}");
        facts = new FactsSource(Optional.of(factsFile));
        Files.createDirectories(root.resolve("manager"));
        Files.writeString(root.resolve("manager/machine.yaml"), """
                name: manager
                version: 1.0.0
                initial_state: MANAGE
                transitions:
                  - {name: x, from: [MANAGE], destination: MANAGE}
                watchers:
                  - {name: feed, type: feed}
                  - name: manage_machines
                    type: machines
                    interval: 1h
                    properties:
                      data_item: spec
                      purge_unknown: true
                      public_key: %s
                """.formatted(MachinesWatcherTest.KEY.publicKey().hex()));
        // the clock never moves: only a wake-up can make the watcher check again
        host = new Host(new HostOptions(root, "node1", facts, new ManualTimeSource(Instant.EPOCH), new Random(1),
                e -> { }, WatcherRegistry.of(List.of(feed, archive, new MachinesWatcherFactory())), List.of(),
                WatcherServices.NONE, Duration.ofMinutes(5)));
        host.start();
        facts.watch(Duration.ofHours(1), host::factsChanged);
        await().until(() -> feed.last != null);

        // web first: had it matched, its manager would be written before the one of 'always'
        feed.last.put("spec", MachinesWatcherTest.signed(MachinesWatcherTest.list(
                MachinesWatcherTest.entry("web", "has_file('" + marker + "')"), MachinesWatcherTest.entry("always", ""))));
        await().until(() -> Files.exists(root.resolve("mm_always/machine.yaml")));
        assertThat(root.resolve("mm_web")).doesNotExist();

        Files.writeString(marker, "");
        Files.writeString(factsFile, "{\"packages\": [\"nginx\"]}");

        await().atMost(Duration.ofSeconds(30)).until(() -> host.machine("mm_web").isPresent());
        assertThat(root.resolve("mm_always/machine.yaml")).exists();
    }

    /** Starts a host whose only machine is a manager fed by a {@link FeedWatcher}. */
    void startHost() throws Exception {
        Files.createDirectories(root.resolve("machine_manager"));
        Files.writeString(root.resolve("machine_manager/machine.yaml"), """
                name: machine_manager
                version: 0.0.2
                initial_state: MANAGE
                transitions:
                  - {name: enter_maintenance, from: [MANAGE], destination: MAINTENANCE}
                watchers:
                  - {name: feed, type: feed}
                  - name: manage_machines
                    type: machines
                    interval: 1h
                    properties:
                      data_item: spec
                      purge_unknown: true
                      public_key: %s
                """.formatted(MachinesWatcherTest.KEY.publicKey().hex()));
        host = new Host(new HostOptions(root, "node1", Json::object, new ManualTimeSource(Instant.EPOCH), new Random(1),
                e -> { }, WatcherRegistry.of(List.of(feed, archive, new MachinesWatcherFactory())), List.of(),
                WatcherServices.NONE, Duration.ofMinutes(5)));
        host.start();
        await().until(() -> feed.last != null);
    }

    @Test
    void deployingManyManagersLogsNoErrorOnTheHost() throws Exception {
        try (LogCapture log = LogCapture.of("mms.host", Level.ERROR)) {
            startHost();
            List<String> names = IntStream.range(0, 40).mapToObj(i -> "app" + i).toList();

            feed.last.put("spec", MachinesWatcherTest.signed(MachinesWatcherTest.list(
                    names.stream().map(n -> MachinesWatcherTest.entry(n, "")).toArray(String[]::new))));

            await().atMost(Duration.ofSeconds(30)).until(() -> names.stream().allMatch(n -> host.machine("mm_" + n).isPresent()));
            assertThat(log.messages(Level.ERROR)).isEmpty();
        }
    }

    @Test
    void managersAreLoadedByTheHostAndPurgedOnlyAfterTheHostStoppedThem() throws Exception {
        startHost();
        feed.last.put("spec", MachinesWatcherTest.signed(MachinesWatcherTest.list(
                MachinesWatcherTest.entry("web", ""), MachinesWatcherTest.entry("db", ""))));
        await().until(() -> host.machine("mm_web").isPresent() && host.machine("mm_db").isPresent());
        // what the archive watcher would have installed
        Files.createDirectories(root.resolve("web"));
        Files.writeString(root.resolve("web/machine.yaml"), """
                name: web
                version: 1.0.0
                initial_state: MANAGE
                transitions:
                  - {name: x, from: [MANAGE], destination: MANAGE}
                watchers:
                  - {name: download, type: archive}
                """);
        await().until(() -> host.machine("web").isPresent());

        feed.last.put("spec", MachinesWatcherTest.signed(MachinesWatcherTest.list(MachinesWatcherTest.entry("db", ""))));

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(root.resolve("mm_web")) && !Files.exists(root.resolve("web"))
                && host.machine("mm_web").isEmpty() && host.machine("web").isEmpty()
                && noParkedDirectories());
        assertThat(archive.closedWithFilesPresent).containsEntry(root.resolve("mm_web"), true)
                .containsEntry(root.resolve("web"), true);
        assertThat(host.machine("mm_db")).isPresent();
        assertThat(host.machine("machine_manager")).isPresent();
        assertThat(root.resolve("mm_db/machine.yaml")).exists();
    }

    @Test
    void aPurgeAKillInterruptedIsFinishedAtStartAndItsMachineNeverRunsWithoutItsManager() throws Exception {
        // killed after parking the manager of web: web is left without a manager, with its work directory
        Files.createDirectories(root.resolve(".purge.mm_web"));
        Files.createDirectories(root.resolve("web"));
        Files.writeString(root.resolve("web/machine.yaml"), """
                name: web
                version: 1.0.0
                initial_state: MANAGE
                transitions:
                  - {name: x, from: [MANAGE], destination: MANAGE}
                watchers:
                  - {name: download, type: archive}
                """);
        Files.createDirectories(root.resolve("tmp/web/previous"));
        try (LogCapture log = LogCapture.of("mms", Level.INFO)) {
            startHost();

            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(root.resolve("web"))
                    && noParkedDirectories() && !Files.exists(root.resolve("tmp/web")));
            assertThat(log.messages(Level.INFO)).noneMatch(m -> m.startsWith("loaded machine web "));
            assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("finished the interrupted purge of machine web"));
        }
        assertThat(host.machine("web")).isEmpty();
        assertThat(host.machine("machine_manager")).isPresent();
    }

    private boolean noParkedDirectories() throws Exception {
        try (Stream<Path> s = Files.list(root)) {
            return s.noneMatch(p -> p.getFileName().toString().startsWith(".purge."));
        }
    }
}

package mms.watcher.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.event.WatcherStateNotification;
import mms.governor.Governor;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventType;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.watcher.WatcherServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real machine with an archive watcher against an HTTP server in this JVM serving bundles
 * built by {@link Bundler}. Source and checksums come from facts, so a test publishes a new version
 * by changing the facts and moving the manual clock past the interval.
 */
class ArchiveWatcherTest extends ArchiveMachineHarness {

    final AtomicReference<Governor> governor = new AtomicReference<>();
    ArchiveServer server;

    @Override
    WatcherServices services() {
        return governor.get() == null ? WatcherServices.NONE : WatcherServices.NONE.withGovernor(governor.get());
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new ArchiveServer();
    }

    @AfterEach
    void stopServer() {
        stopMachine();
        server.close();
    }

    /** Builds version {@code version} of machine 'app' whose run.sh prints {@code content}, served by the server. */
    MachineBundle publish(String version, String content) throws Exception {
        MachineBundle bundle = bundle(version, content, server.url("/repo"));
        server.serve("/repo/" + bundle.archive().getFileName(), Files.readAllBytes(bundle.archive()));
        return bundle;
    }

    @Test
    void installsVerifiesRepairsUpgradesAndSurvivesBadPublications() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        MachineBundle v2 = publish("2.0.0", "two");
        use(v1.source(), v1.checksum().toUpperCase(), v1.verifyChecksum().toUpperCase());
        load("");

        // first install: downloaded, then success moves the machine, whose state change wakes a verifying check
        settle("downloaded", "verified");
        assertThat(installed()).contains("echo one");
        assertThat(machine.state()).isEqualTo("present");
        assertThat(transitions()).containsExactly("installed");
        assertThat(store.resolve("tmp/app")).isDirectory().isEmptyDirectory();

        // an unchanged verified check neither publishes nor downloads, but counts as a run
        nextInterval();
        await().until(() -> time.waiters() == 1);
        settle("downloaded", "verified");
        assertThat(server.requests.get("/repo/app-1.0.0.tar.gz").get()).isEqualTo(1);
        await().untilAsserted(() -> assertThat(runs).map(r -> r.state().outcome().orElseThrow())
                .containsExactly("downloaded", "verified", "verified"));
        assertThat(runs).map(r -> ((ArchiveStateNotification) r.state()).downloadedBytes())
                .containsExactly(Files.size(v1.archive()), 0L, 0L);
        assertThat(runs.getFirst().state().runTime()).hasValueSatisfying(d -> assertThat(d).isPositive());

        // tampering with an installed file is repaired at the next check
        Files.writeString(store.resolve("app/bin/run.sh"), "#!/bin/sh\nrm -rf /\n");
        nextInterval();
        settle("downloaded", "verified", "downloaded");
        assertThat(installed()).contains("echo one");
        assertThat(machine.state()).isEqualTo("present");

        // a deleted file too, and an unlisted file is tolerated without strict
        Files.delete(store.resolve("app/machine.yaml"));
        Files.writeString(store.resolve("app/extra.txt"), "local");
        nextInterval();
        settle("downloaded", "verified", "downloaded", "downloaded");
        assertThat(store.resolve("app/machine.yaml")).exists();

        // upgrade: the new verify_checksum no longer matches the installed SHA256SUMS
        use(v2);
        nextInterval();
        settle("downloaded", "verified", "downloaded", "downloaded", "downloaded");
        assertThat(installed()).contains("echo two");
        assertThat(store.resolve("tmp/app/previous/bin/run.sh")).content().contains("echo one");

        // a wrong archive checksum: error and failure transition, whose state change wakes one more
        // failing check; the same failure again is not published again
        MachineBundle v3 = publish("3.0.0", "three");
        use(v3.source(), v1.checksum(), v3.verifyChecksum());
        nextInterval();
        settle("downloaded", "verified", "downloaded", "downloaded", "downloaded", "error");
        await().until(() -> server.requests.get("/repo/app-3.0.0.tar.gz").get() == 2);
        assertThat(machine.state()).isEqualTo("failed");
        assertThat(installed()).contains("echo two");

        // 404 and 500: other errors, so published; installed version untouched, nothing left in the work area
        use(server.url("/repo/app-9.0.0.tar.gz"), v3.checksum(), v3.verifyChecksum());
        nextInterval();
        settle("downloaded", "verified", "downloaded", "downloaded", "downloaded", "error", "error");
        use(server.url("/status/500"), v3.checksum(), v3.verifyChecksum());
        nextInterval();
        settle("downloaded", "verified", "downloaded", "downloaded", "downloaded", "error", "error", "error");
        assertThat(installed()).contains("echo two");
        assertThat(store.resolve("tmp/app")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("attempt-"));

        // a good publication recovers the machine
        use(v3);
        nextInterval();
        settle("downloaded", "verified", "downloaded", "downloaded", "downloaded", "error", "error", "error",
                "downloaded", "verified");
        assertThat(installed()).contains("echo three");
        assertThat(machine.state()).isEqualTo("present");
        assertThat(transitions()).containsExactly("installed", "broke", "installed");

        JsonNode last = ((WatcherStateNotification) events.getLast()).data();
        assertThat(last.get("type").asText()).isEqualTo("archive");
        assertThat(last.get("source").asText()).isEqualTo(v3.source());
        assertThat(last.get("creates").asText()).isEqualTo("app");
        assertThat(last.get("previous_run_time").asLong()).isPositive();
    }

    @Test
    void aFailedCheckKeepsItsReasonForTheStatusRecordWithoutSendingIt() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        use(server.url("/repo/missing.tar.gz"), v1.checksum(), v1.verifyChecksum());
        load("");

        await().until(() -> events.stream().anyMatch(e -> e instanceof WatcherStateNotification w
                && w.state() instanceof ArchiveStateNotification a && a.previousOutcome() == ArchiveState.ERROR));

        WatcherStateNotification failed = events.stream().filter(WatcherStateNotification.class::isInstance)
                .map(WatcherStateNotification.class::cast)
                .filter(w -> ((ArchiveStateNotification) w.state()).previousOutcome() == ArchiveState.ERROR)
                .findFirst().orElseThrow();
        assertThat(((ArchiveStateNotification) failed.state()).error()).hasValueSatisfying(e -> assertThat(e).contains("404"));
        assertThat(failed.data().has("error")).as("the original's event has no reason").isFalse();
    }

    @Test
    void archiveContentThatFailsItsChecksumsIsVerifyFailedAndNothingIsInstalled() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        MachineBundle v2 = publish("2.0.0", "two");
        use(v1.source(), v1.checksum(), v2.verifyChecksum());
        load("");

        settle("verify_failed");
        assertThat(machine.state()).isEqualTo("failed");
        assertThat(store.resolve("app")).doesNotExist();
    }

    @Test
    void strictRepairsWhenAnUnlistedFileAppears() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        use(v1);
        load("");
        settle("downloaded", "verified");
        machine.stop();
        events.clear();
        Files.writeString(store.resolve("app/dropped-in.sh"), "#!/bin/sh\n");

        load("      strict: true");

        settle("downloaded", "verified");
        assertThat(store.resolve("app/dropped-in.sh")).doesNotExist();
        assertThat(installed()).contains("echo one");
    }

    @Test
    void aGovernorRequestedWithoutAGovernorIsAnErrorAndDownloadsNothing() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        use(v1);
        load("""
                      governor: 'deploys_{{ lookup "facts.checksum" "" }}'
                """.stripTrailing());

        settle("error");
        assertThat(server.requests).doesNotContainKey("/repo/app-1.0.0.tar.gz");
        assertThat(store.resolve("app")).doesNotExist();
    }

    @Test
    void holdsAGovernorSlotForTheDownloadAndReleasesIt(@TempDir Path governorDir) throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        use(v1);
        List<GovernorEvent> events = new CopyOnWriteArrayList<>();
        try (KeyValueStore governed = KeyValueStores.open("sqlite:" + governorDir.resolve("kv.db"), ConnectOptions.NONE)) {
            Governor real = new Governor(governed.governors(), events::add);
            real.storage().add("deploys", 1, Duration.ofMinutes(5), 1);
            governor.set(real);
            load("""
                          governor: deploys
                          governor_timeout: 1m
                    """.stripTrailing());

            settle("downloaded", "verified");
            assertThat(events).extracting(GovernorEvent::type)
                    .containsExactly(GovernorEventType.ENTER, GovernorEventType.EXIT);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.governor()).isEqualTo("deploys");
                assertThat(e.component()).isEqualTo("deployer");
            });
            assertThat(real.storage().view("deploys").holders()).isEmpty();
            assertThat(installed()).contains("echo one");
        }
    }

    @Test
    void sendsBasicAuthenticationFromTemplatedCredentials() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        String url = server.serve("/private/app.tar.gz", Files.readAllBytes(v1.archive()), "bob:s3cret");
        use(url, v1.checksum(), v1.verifyChecksum());
        facts.get().put("password", "s3cret");
        load("""
                      username: bob
                      password: '{{ lookup "facts.password" "" }}'
                """.stripTrailing());

        settle("downloaded", "verified");
        assertThat(installed()).contains("echo one");
    }

    @Test
    void recoversLeftoversOfAnInterruptedInstallAtStart() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        use(v1);
        Path leftover = Files.createDirectories(store.resolve("tmp/app/attempt-123/extract"));
        load("");

        settle("downloaded", "verified");
        assertThat(leftover.getParent()).doesNotExist();
    }

    @Test
    void aFailedDownloadIsRetriedWithBackoffLongBeforeTheIntervalAndTheBackoffResetsOnSuccess() throws Exception {
        MachineBundle v1 = bundle("1.0.0", "one", server.url("/repo"));
        use(v1);
        load("2m", "");

        // not published yet: 404, the failure transition wakes a second failing check, then a retry waits 5-10 s
        settle("error");
        await().until(() -> server.requests.get("/repo/app-1.0.0.tar.gz").get() == 2);
        server.serve("/repo/app-1.0.0.tar.gz", Files.readAllBytes(v1.archive()));

        // a minute is far from the 2 minute interval, but enough for the retry (and storm protection)
        time.advance(Duration.ofMinutes(1));
        settle("error", "downloaded", "verified");
        assertThat(installed()).contains("echo one");

        // failing again starts from the first retry step again: retry 2 waits at most 10 s, where
        // retry 4 of an unreset series would wait at least 20 s
        MachineBundle v2 = bundle("2.0.0", "two", server.url("/repo"));
        use(v2);
        time.advance(Duration.ofMinutes(2));
        settle("error", "downloaded", "verified", "error");
        await().until(() -> server.requests.get("/repo/app-2.0.0.tar.gz").get() == 2 && time.waiters() == 1);
        server.serve("/repo/app-2.0.0.tar.gz", Files.readAllBytes(v2.archive()));
        time.advance(ArchiveWatcher.FIRST_RETRY.multipliedBy(2));
        await().until(() -> outcomes().equals(List.of("error", "downloaded", "verified", "error", "downloaded")));
        assertThat(installed()).contains("echo two");
    }

    @Test
    void doesNothingWhileInactive() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        use(v1);
        load("    state_match: [present]");

        await().until(() -> time.waiters() == 1);
        nextInterval();
        await().until(() -> time.waiters() == 1);
        assertThat(events).isEmpty();
        assertThat(store.resolve("app")).doesNotExist();
    }
}

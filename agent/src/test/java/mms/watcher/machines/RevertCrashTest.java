package mms.watcher.machines;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import mms.agent.Agent;
import mms.archive.ArchiveDeployer;
import mms.archive.ArchiveException;
import mms.archive.ArchiveLimits;
import mms.archive.ContentCheck;
import mms.archive.Downloader;
import mms.archive.Installer;
import mms.archive.Sha256Sums;
import mms.archive.bundle.MachineBundle;
import mms.archive.source.FileSource;
import mms.e2e.AgentProcess;
import mms.e2e.Operator;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.spec.HealthCheck;
import mms.spec.ManagedMachine;
import mms.watcher.RolloutState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills ({@code kill -9}) a real agent ({@code mms agent --manage} in a child JVM) at random moments
 * of a revert: the version it verifies missed its health deadline, so it writes the previous manager
 * back and its archive watcher swaps the kept version in. Whatever the moment, the machine's
 * directory holds one complete version, so does the kept one, and an agent started again finishes
 * the revert and runs the previous version.
 */
class RevertCrashTest {
    private static final int TRIALS = 20;
    /** Longer than a revert takes (manager written, reloaded, the kept version swapped in, reloaded). */
    private static final long MAX_KILL_DELAY_MILLIS = 400;

    @TempDir
    Path dir;

    @Test
    void aKilledRevertAlwaysLeavesACompleteVersionAndARestartFinishesIt() throws Exception {
        Operator operator = new Operator(dir.resolve("operator"));
        MachineBundle v1 = operator.bundleAsFile("app", "1.0.0");
        // version 2 never becomes healthy: its probe fails, so it stays in starting
        MachineBundle v2 = operator.bundleAsFile("app", "2.0.0",
                Operator.machineYaml("app", "2.0.0").replace("/bin/true", "/bin/false"));
        ManagedMachine entry = new ManagedMachine("app", v2.source(), "", "", v2.verifyChecksum(), v2.checksum(), "",
                "", Optional.of(new HealthCheck(List.of("running"), Duration.ofSeconds(1), List.of())), Optional.empty());
        byte[] specification = operator.signed(entryJson(v2)).getBytes(UTF_8);
        String reverting = "rollout of app " + v2.checksum().substring(0, 12);
        Random random = new Random();
        int endedOnVersion1 = 0;
        // the next trial's agent starts while this one runs: it waits for its specification, which
        // the trial puts, so its revert starts when the trial is ready to kill it
        AgentProcess next = new AgentProcess(verifyingVersion2(dir.resolve("trial-0"), v1, v2, entry), operator);
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                AgentProcess child = next;
                child.awaitLine(line -> line.contains("machines has no value yet"));
                next = trial + 1 < TRIALS ? new AgentProcess(verifyingVersion2(dir.resolve("trial-" + (trial + 1)), v1, v2,
                        entry), operator) : null;
                child.publish("machines", specification);
                child.awaitLine(line -> line.contains(reverting));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextLong(MAX_KILL_DELAY_MILLIS)));
                child.kill();

                Path machines = child.node().resolve("machines");
                Installer installer = new Installer(machines, "app");
                installer.recover();
                boolean one = complete(installer, machines.resolve("app"), v1);
                boolean two = complete(installer, machines.resolve("app"), v2);
                assertThat(one || two).as("trial %d: app holds version 1 or version 2, complete", trial).isTrue();
                Path kept = installer.previous().orElseThrow();
                assertThat(complete(installer, kept, v1) || complete(installer, kept, v2))
                        .as("trial %d: the kept version is complete", trial).isTrue();
                endedOnVersion1 += one ? 1 : 0;
            }
        } finally {
            if (next != null) {
                next.kill();
            }
        }
        System.out.printf("%d of %d killed agents had swapped version 1 back in%n", endedOnVersion1, TRIALS);

        Path last = dir.resolve("trial-" + (TRIALS - 1));
        AgentProcess again = new AgentProcess(last, operator);
        try {
            Path machines = last.resolve("machines");
            Installer installer = new Installer(machines, "app");
            await("the restarted agent finishes the revert").atMost(Duration.ofSeconds(60))
                    .until(() -> complete(installer, machines.resolve("app"), v1)
                            && new RolloutLedger(machines.resolve(Agent.MANAGER)).read().get("app").state()
                            == RolloutState.REVERTED);
        } finally {
            again.kill();
            operator.close();
        }
    }

    private static ObjectNode entryJson(MachineBundle v2) throws Exception {
        ObjectNode entry = Operator.entry(v2);
        entry.set("health", Json.mapper().readTree("{\"states\":[\"running\"],\"within\":\"1s\"}"));
        return entry;
    }

    /**
     * A node in the middle of an upgrade that failed: version 2 installed (version 1 kept), its
     * manager installing version 2, and its rollout record verifying version 2 since long before
     * its deadline, so the agent reverts as soon as it reads its specification.
     *
     * @return {@code node}
     */
    private static Path verifyingVersion2(Path node, MachineBundle v1, MachineBundle v2, ManagedMachine entry)
            throws Exception {
        Path machines = Files.createDirectories(node.resolve("machines"));
        Installer installer = new Installer(machines, "app");
        ArchiveDeployer deployer = new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS);
        for (MachineBundle b : List.of(v1, v2)) {
            deployer.deploy(new FileSource(b.archive()), b.checksum(), Optional.of(new ContentCheck("SHA256SUMS",
                    b.verifyChecksum())));
        }
        Path target = machines.toAbsolutePath();
        ManagedMachine previous = new ManagedMachine("app", v1.source(), "", "", v1.verifyChecksum(), v1.checksum(), "",
                "");
        Files.createDirectories(machines.resolve("mm_app"));
        Files.writeString(machines.resolve("mm_app/machine.yaml"), ManagerManifest.render(entry, Duration.ofMinutes(2),
                target));
        Instant started = Instant.parse("2026-01-01T00:00:00Z");
        new RolloutLedger(Files.createDirectories(machines.resolve(Agent.MANAGER))).write(Map.of("app",
                new RolloutLedger.Track(Rollouts.fingerprint(entry), v2.checksum(), RolloutState.VERIFYING,
                        Optional.empty(), started, OptionalInt.empty(), Optional.of(started),
                        Optional.of(ManagerManifest.render(previous, Duration.ofMinutes(2), target)))));
        Path state = Files.createDirectories(node.resolve("state"));
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + state.resolve("kv.db"), ConnectOptions.NONE)) {
            store.createBucket(BucketConfig.of("MACHINES"));
        }
        return node;
    }

    /** Whether {@code directory} holds {@code version}, every file as listed (strict). */
    private static boolean complete(Installer installer, Path directory, MachineBundle version) throws Exception {
        if (directory.equals(installer.installed())) {
            try {
                return installer.verifyInstalled("SHA256SUMS", version.verifyChecksum(), true).ok();
            } catch (ArchiveException e) {
                return false;
            }
        }
        try {
            return Sha256Sums.verifyDirectory(directory, "SHA256SUMS", version.verifyChecksum(), true).ok();
        } catch (ArchiveException e) {
            return false;
        }
    }
}

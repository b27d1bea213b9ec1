package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mms.governor.Governor;
import mms.governor.GovernorOptions;
import mms.governor.Governors;
import mms.governor.Slot;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GovernorCommandTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @TempDir
    Path dir;

    private String store() {
        return "--store=sqlite:" + dir.resolve("kv.db");
    }

    @Test
    void managesAGovernorLikeChoria() {
        CliRun add = CliRun.run("governor", "add", "deploy", "3", "1d12h", store());
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).isEqualTo("""
                Configuration:

                  Capacity: 3
                   Expires: 36h0m0s
                  Replicas: 1

                """);
        CliRun update = CliRun.run("governor", "add", "deploy", "5", "5m", "-f", store());
        assertThat(update.out()).startsWith("""
                Existing configuration:

                  Capacity: 3 desired: 5
                   Expires: 36h0m0s desired: 5m0s
                  Replicas: 1 desired: 1

                Configuration:

                  Capacity: 5
                """);
        assertThat(CliRun.run("governor", "ls", store()).out()).isEqualTo("Known Governors:\n\n\tdeploy\n");
        assertThat(CliRun.run("gov", "ls", "--json", store()).out()).contains("\"deploy\"");
        assertThat(CliRun.run("governor", "view", "deploy", store()).out()).isEqualTo("""
                Configuration for Governor deploy

                       Capacity: 5
                        Expires: 5m0s
                       Replicas: 1
                  Active Leases: 0

                """);
        assertThat(CliRun.run("governor", "rm", "deploy", "-f", store()).exitCode()).isZero();
        assertThat(CliRun.run("governor", "ls", store()).out()).isEqualTo("No Governors found\n");
    }

    @Test
    void viewsEvictsAndResetsHolders() throws Exception {
        CliRun.run("governor", "add", "g", "3", "5m", store());
        try (Governor g = Governors.open("sqlite:" + dir.resolve("kv.db"), GovernorOptions.DEFAULT);
             Slot a = g.enter("g", "Auto Agent  m#w @ node1", Duration.ofSeconds(5));
             Slot b = g.enter("g", "node2", Duration.ofSeconds(5))) {
            String view = CliRun.run("governor", "view", "g", store()).out();
            assertThat(view).contains("  Active Leases: 2", "| ID | Process Name            | Age",
                    "| 1  | Auto Agent  m#w @ node1 |", "| 2  | node2                   |");
            CliRun evict = CliRun.run("governor", "evict", "g", "1", "-f", store());
            assertThat(evict.out()).isEqualTo("Evicted \"Auto Agent  m#w @ node1\" from slot 1\n");
            assertThat(CliRun.run("governor", "reset", "g", "-f", store()).exitCode()).isZero();
            assertThat(CliRun.run("governor", "reset", "g", "-f", store()).out()).isEqualTo("No lease entries to remove\n");
            assertThat(CliRun.run("governor", "evict", "g", "2", "-f", store()).out()).isEqualTo("No lease entries to remove\n");
        }
    }

    @Test
    void runExitsWithTheCommandsCodeAndFreesTheSlot() throws Exception {
        CliRun.run("governor", "add", "g", "1", "5m", store());
        Path marker = dir.resolve("ran");
        CliRun run = CliRun.run("governor", "run", "g", store(), "--identity", "n1", "--",
                "/bin/sh", "-c", "touch " + marker + "; exit 3");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(marker).exists();
        try (Governor g = Governors.open("sqlite:" + dir.resolve("kv.db"), GovernorOptions.DEFAULT)) {
            assertThat(g.view("g").holders()).isEmpty();
        }
        assertThat(CliRun.run("governor", "run", "g", store(), "/bin/sh -c 'exit 0'").exitCode()).isZero();
    }

    @Test
    void runGivesUpAfterMaxWait() throws Exception {
        CliRun.run("governor", "add", "g", "1", "5m", store());
        try (Governor g = Governors.open("sqlite:" + dir.resolve("kv.db"), GovernorOptions.DEFAULT);
             Slot held = g.enter("g", "other", Duration.ofSeconds(5))) {
            CliRun run = CliRun.run("governor", "run", "g", store(), "--max-wait", "1s", "--interval", "1s", "--", "/bin/true");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("mms: could not get a execution slot: governor g: no slot became free within 1s");
            CliRun period = CliRun.run("governor", "run", "g", store(), "--max-wait", "1s", "--interval", "1s",
                    "--max-per-period", "--", "/bin/true");
            assertThat(period.exitCode()).isZero();
            assertThat(period.err()).isEmpty();
        }
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        CliRun run = CliRun.run("governor", "run", "g", store(), "--interval", "500ms", "--", "/bin/true");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("mms: interval should be >=1s\n");
        CliRun add = CliRun.run("governor", "add", "g", "1", "soon", store());
        assertThat(add.err()).isEqualTo("mms: EXPIRE: invalid duration 'soon', use e.g. 30s, 5m, 1h30m or 1d12h\n");
        assertThat(CliRun.run("governor", "view", "nope", store()).err()).isEqualTo("mms: unknown governor nope\n");
        assertThat(Files.exists(dir.resolve("kv.db"))).isTrue();
    }

    @Test
    void parsesCliDurations() {
        assertThat(GovernorDurations.parse("x", "1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(GovernorDurations.parse("x", "1w")).isEqualTo(Duration.ofDays(7));
        assertThat(GovernorDurations.parse("x", "1M")).isEqualTo(Duration.ofDays(30));
        assertThat(GovernorDurations.parse("x", "1y1d1µs")).isEqualTo(Duration.ofDays(366).plusNanos(1000));
        assertThat(GovernorDurations.parse("x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GovernorDurations.parse("x", "0")).isZero();
        assertThatThrownBy(() -> GovernorDurations.parse("x", "")).hasMessageContaining("invalid duration ''");
        assertThatThrownBy(() -> GovernorDurations.parse("x", "5")).hasMessageContaining("invalid duration '5'");
    }

    @Test
    void worksOnJetStream() {
        String store = "--store=" + NATS.url();
        assertThat(CliRun.run("governor", "add", "cli_js", "2", "1m", "--replicas", "1", store).exitCode()).isZero();
        assertThat(CliRun.run("governor", "ls", store).out()).contains("\tcli_js\n");
        CliRun run = CliRun.run("governor", "run", "cli_js", store, "--identity", "n1", "--", "/bin/true");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(CliRun.run("governor", "view", "cli_js", store).out()).contains("  Active Leases: 0");
    }
}

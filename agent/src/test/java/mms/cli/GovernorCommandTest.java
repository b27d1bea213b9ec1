package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.Slot;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GovernorCommandTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @RegisterExtension
    static final NatsServerExtension NATS_WITH_TOKEN = new NatsServerExtension(List.of("--auth", "gov-s3cret"));

    @TempDir
    Path dir;

    private String store() {
        return "--store=sqlite:" + dir.resolve("kv.db");
    }

    private KeyValueStore openStore() throws Exception {
        return KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
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
        try (KeyValueStore s = openStore();
             Slot a = s.governors().enter("g", "Auto Agent  m#w @ node1", Duration.ofSeconds(5));
             Slot b = s.governors().enter("g", "node2", Duration.ofSeconds(5))) {
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
        try (KeyValueStore s = openStore()) {
            assertThat(s.governors().view("g").holders()).isEmpty();
        }
        assertThat(CliRun.run("governor", "run", "g", store(), "/bin/sh -c 'exit 0'").exitCode()).isZero();
    }

    @Test
    void runGivesUpAfterMaxWait() throws Exception {
        CliRun.run("governor", "add", "g", "1", "5m", store());
        try (KeyValueStore s = openStore();
             Slot held = s.governors().enter("g", "other", Duration.ofSeconds(5))) {
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
        assertThat(add.exitCode()).isEqualTo(2);
        assertThat(add.err()).startsWith("Invalid value for positional parameter at index 2 (EXPIRE): "
                + "invalid duration 'soon': expected a number at 'soon', as in 30s, 5m, 1h30m or 1d12h\n");
        CliRun wait = CliRun.run("governor", "run", "g", store(), "--max-wait", "5", "--", "/bin/true");
        assertThat(wait.exitCode()).isEqualTo(2);
        assertThat(wait.err()).startsWith("Invalid value for option '--max-wait': invalid duration '5': missing unit after 5\n");
        assertThat(CliRun.run("governor", "view", "nope", store()).err()).isEqualTo("mms: unknown governor nope\n");
        assertThat(Files.exists(dir.resolve("kv.db"))).isTrue();
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

    @Test
    void usesTheStoreOfTheConfigurationFileAndNeverTheDefaultOne() throws Exception {
        Path custom = dir.resolve("custom.db");
        Path config = writeConfig("agent.yaml", "state_dir: " + dir.resolve("state") + "\nstore: sqlite:" + custom + "\n");
        CliRun add = CliRun.run("governor", "add", "deploy", "2", "5m", "--config", config.toString());
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(CliRun.run("governor", "ls", "--config", config.toString()).out()).isEqualTo("Known Governors:\n\n\tdeploy\n");
        assertThat(custom).exists();
        assertThat(dir.resolve("state")).doesNotExist();
        try (KeyValueStore s = KeyValueStores.open("sqlite:" + custom, ConnectOptions.NONE)) {
            assertThat(s.governors().list()).containsExactly("deploy");
        }
    }

    @Test
    void keepsTheEmbeddedStoreInTheStateDirectoryOfTheConfigurationFile() throws Exception {
        Path config = writeConfig("agent.yaml", "state_dir: " + dir.resolve("state") + "\n");
        CliRun add = CliRun.run("governor", "add", "deploy", "2", "5m", "--config", config.toString());
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(dir.resolve("state").resolve("kv.db")).exists();
        assertThat(CliRun.run("governor", "ls", "--state-dir", dir.resolve("state").toString()).out()).contains("\tdeploy\n");
    }

    @Test
    void readsTheConfigurationFileNamedByMmsConfig() throws Exception {
        Path custom = dir.resolve("custom.db");
        try (KeyValueStore s = KeyValueStores.open("sqlite:" + custom, ConnectOptions.NONE)) {
            s.governors().add("from_config", 1, Duration.ofMinutes(1), 1);
        }
        Path config = writeConfig("agent.yaml", "state_dir: " + dir.resolve("state") + "\nstore: sqlite:" + custom + "\n");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "governor", "ls").redirectError(dir.resolve("child.err").toFile());
        child.environment().keySet().removeIf(name -> name.startsWith("MMS_"));
        child.environment().put("MMS_CONFIG", config.toString());
        Process ls = child.start();
        String out = new String(ls.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ls.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(ls.exitValue()).as(Files.readString(dir.resolve("child.err"))).isZero();
        // the test class path may make logback report its configuration on standard output too
        assertThat(out).contains("Known Governors:\n\n\tfrom_config\n").doesNotContain("No Governors found");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void authenticatesWithTheStoreSettingsOfMmsKv() throws Exception {
        String url = "--store=" + NATS_WITH_TOKEN.url();
        CliRun refused = CliRun.run("governor", "ls", url);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("mms: cannot open key-value store " + NATS_WITH_TOKEN.url());

        assertThat(CliRun.run("governor", "add", "tokened", "1", "1m", url, "--store-token", "gov-s3cret").exitCode()).isZero();
        Path config = writeConfig("agent.yaml", "store: " + NATS_WITH_TOKEN.url() + "\nstore_token: gov-s3cret\n");
        assertThat(CliRun.run("governor", "ls", "--config", config.toString()).out()).contains("\ttokened\n");
    }

    private Path writeConfig(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }
}

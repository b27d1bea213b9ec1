package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineMatchCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTrueAndExitsZeroWhenTheMatcherMatches() {
        CliRun r = CliRun.run("machine", "match", "identity('^web') && has_directory('" + dir + "')", "--identity", "web1");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("true\n");
    }

    @Test
    void printsFalseAndExitsOneWhenItDoesNot() {
        CliRun r = CliRun.run("machine", "match", "identity('^db')", "--identity", "web1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("false\n");
    }

    @Test
    void searchesThePathForCommands() throws Exception {
        Path tool = Files.createFile(dir.resolve("facter"));
        tool.toFile().setExecutable(true);

        CliRun r = CliRun.withEnvironment(Map.of("PATH", dir.toString()), "machine", "match", "has_command('facter')");

        assertThat(r.out()).isEqualTo("true\n");
    }

    @Test
    void reportsACompileErrorWithItsPositionAndExitsTwo() {
        CliRun r = CliRun.run("machine", "match", "identity('^web') && nope");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("(1:21)").contains(" | identity('^web') && nope\n | ....................^");
    }

    @Test
    void reportsRunTimeErrorsWithExitTwo() {
        CliRun r = CliRun.run("machine", "match", "[true][has_file('/no/such/file') ? 0 : 3]");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("index out of range");
    }

    @Test
    void getFactReadsTheFactsFileInBothDialects() throws Exception {
        Path facts = Files.writeString(dir.resolve("facts.json"), "{\"os\":{\"family\":\"debian\"}}");

        CliRun r = CliRun.run("machine", "match", "--plugins", "--facts", facts.toString(), "get_fact('os.family') == 'debian'");
        assertThat(r.out()).isEqualTo("true\n");

        CliRun machines = CliRun.run("machine", "match", "--facts", facts.toString(), "get_fact('os.family') == 'debian'");
        assertThat(machines.out()).isEqualTo("true\n");
    }
}

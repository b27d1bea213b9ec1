package mms.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTemplateTest {
    private static final Pattern SETTING_LINE = Pattern.compile("^#([a-z_]+):(.*)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void changesNothingAsInstalled() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, ConfigFileTemplate.render(file.toString()));

        AgentConfig installed = AgentConfig.resolve(Optional.of(file), Map.of(), Map.of());

        assertThat(installed).isEqualTo(AgentConfig.resolve(Optional.empty(), Map.of(), Map.of()));
    }

    @Test
    void showsEverySettingOnceAsACommentedLine() {
        String text = ConfigFileTemplate.render("/etc/mms/agent.yaml");
        List<String> keys = SETTING_LINE.matcher(text).results().map(m -> m.group(1)).toList();

        assertThat(keys).containsExactlyElementsOf(Arrays.stream(Setting.values()).map(Setting::key).toList());
        assertThat(text).contains("# (MMS_MACHINES, --machines)\n#machines: /etc/mms/machines\n")
                .contains("; default: the FQDN, as the original)\n#identity:\n")
                .contains("; default: sqlite:<state_dir>/kv.db)\n#store:\n");
    }

    @Test
    void uncommentedLinesAreTheDefaults() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Matcher lines = SETTING_LINE.matcher(ConfigFileTemplate.render(file.toString()));
        Files.writeString(file, lines.replaceAll("$1:$2"));

        AgentConfig uncommented = AgentConfig.resolve(Optional.of(file), Map.of(), Map.of());

        AgentConfig defaults = AgentConfig.resolve(Optional.empty(), Map.of(), Map.of());
        assertThat(uncommented.machines()).isEqualTo(defaults.machines());
        assertThat(uncommented.stateDir()).isEqualTo(defaults.stateDir());
        assertThat(uncommented.store()).isEqualTo(defaults.store());
        assertThat(uncommented.logLevel()).isEqualTo(defaults.logLevel());
        assertThat(uncommented.logFormat()).isEqualTo(defaults.logFormat());
        assertThat(uncommented.allowUnsigned()).isEqualTo(defaults.allowUnsigned());
        assertThat(uncommented.manager()).isEqualTo(defaults.manager());
    }

    @Test
    void wrapsCommentsAtOneHundredCharacters() {
        assertThat(ConfigFileTemplate.render("/etc/mms/agent.yaml").lines()).allSatisfy(line ->
                assertThat(line).hasSizeLessThanOrEqualTo(100));
    }
}

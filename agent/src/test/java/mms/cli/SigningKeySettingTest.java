package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.watcher.machines.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeySettingTest {
    static final String PUBLIC = SpecCommandsTest.PUBLIC;

    @TempDir
    Path dir;

    @Test
    void theSettingHasTheDocumentedNames() {
        assertThat(Setting.SIGNING_KEY.key()).isEqualTo("signing_key");
        assertThat(Setting.SIGNING_KEY.environmentVariable()).isEqualTo("MMS_SIGNING_KEY");
        assertThat(Setting.SIGNING_KEY.flag()).isEqualTo("--signing-key");
    }

    @Test
    void isUnsetByDefault() {
        AgentConfig config = new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n"));

        assertThat(config.signingKey()).isEmpty();
        assertThat(AgentCommand.services(config, new KvLazyStore(config.store())).find(SigningKey.class)).isEmpty();
    }

    @Test
    void comesFromTheFlagAsHexAndReachesMachinesAsAHostService() {
        AgentOptions options = new AgentOptions();
        options.signingKey = PUBLIC;

        AgentConfig config = options.resolve(Map.of("MMS_IDENTITY", "n", "MMS_SIGNING_KEY", "ignored-because-the-flag-wins"));

        assertThat(config.signingKey()).hasValueSatisfying(k -> assertThat(k.hex()).isEqualTo(PUBLIC));
        assertThat(AgentCommand.services(config, new KvLazyStore(config.store())).find(SigningKey.class))
                .hasValueSatisfying(s -> assertThat(s.publicKey().hex()).isEqualTo(PUBLIC));
    }

    @Test
    void comesFromAKeyFileNamedInTheEnvironmentOrTheConfigFile() throws Exception {
        Path key = Files.writeString(dir.resolve("signer.pub"), PUBLIC + "\n");
        assertThat(new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n", "MMS_SIGNING_KEY", key.toString())).signingKey())
                .isPresent();

        AgentOptions options = new AgentOptions();
        options.config = Files.writeString(dir.resolve("agent.yaml"), "signing_key: " + PUBLIC + "\n");
        assertThat(options.resolve(Map.of("MMS_IDENTITY", "n")).signingKey()).isPresent();
    }

    @Test
    void aBadKeyIsAConfigurationErrorNamingWhereItCameFrom() {
        assertThatThrownBy(() -> new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n", "MMS_SIGNING_KEY", "abc")))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("environment variable MMS_SIGNING_KEY: signing_key 'abc' is not a hex ed25519"
                        + " public key or a file holding one: ")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
    }
}

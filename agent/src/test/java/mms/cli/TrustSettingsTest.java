package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mms.agent.Agent;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.spec.Signers;
import mms.spec.Trust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's trust settings (signing_key, allow_unsigned, trust_file, allow_legacy, audience) and how they reach machines. */
class TrustSettingsTest {
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
    void mmsAgentAcceptsTheFlagOfEverySetting() {
        var agent = new picocli.CommandLine(new AgentCommand()).getCommandSpec();
        assertThat(java.util.Arrays.stream(Setting.values()).map(Setting::flag))
                .as("the README's settings table names these flags").allSatisfy(flag ->
                        assertThat(agent.findOption(flag)).as(flag).isNotNull());
    }

    @Test
    void byDefaultNothingIsTrusted() throws Exception {
        AgentConfig config = new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n"));

        assertThat(config.signingKey()).isEmpty();
        assertThat(config.allowUnsigned()).isFalse();
        assertThat(Agent.services(config, store(config)).trust()).isEqualTo(Trust.NONE);
    }

    @Test
    void allowUnsignedHasTheDocumentedNamesAndIsAnExplicitOptIn() throws Exception {
        assertThat(Setting.ALLOW_UNSIGNED.key()).isEqualTo("allow_unsigned");
        assertThat(Setting.ALLOW_UNSIGNED.environmentVariable()).isEqualTo("MMS_ALLOW_UNSIGNED");
        assertThat(Setting.ALLOW_UNSIGNED.flag()).isEqualTo("--allow-unsigned");

        AgentOptions flag = new AgentOptions();
        picocli.CommandLine.populateCommand(flag, "--allow-unsigned");
        assertThat(flag.resolve(Map.of("MMS_IDENTITY", "n")).allowUnsigned()).isTrue();
        assertThat(new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n", "MMS_ALLOW_UNSIGNED", "true")).allowUnsigned())
                .isTrue();
        AgentOptions file = new AgentOptions();
        file.config.file = Files.writeString(dir.resolve("agent.yaml"), "allow_unsigned: true\n");
        AgentConfig config = file.resolve(Map.of("MMS_IDENTITY", "n"));
        assertThat(config.allowUnsigned()).isTrue();
        assertThat(Agent.services(config, store(config)).trust()).isEqualTo(new Trust(java.util.List.of(), true));
        assertThatThrownBy(() -> new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n", "MMS_ALLOW_UNSIGNED", "maybe")))
                .isInstanceOf(CliException.class)
                .hasMessage("environment variable MMS_ALLOW_UNSIGNED: allow_unsigned 'maybe' is not true or false");
    }

    @Test
    void comesFromTheFlagAsHexAndReachesMachinesAsAHostService() throws Exception {
        AgentOptions options = new AgentOptions();
        options.trust.signingKey = PUBLIC;

        AgentConfig config = options.resolve(Map.of("MMS_IDENTITY", "n", "MMS_SIGNING_KEY", "ignored-because-the-flag-wins"));

        assertThat(config.signingKey()).hasValueSatisfying(k -> assertThat(k.hex()).isEqualTo(PUBLIC));
        assertThat(Agent.services(config, store(config)).trust().keys()).singleElement()
                .satisfies(k -> assertThat(k.hex()).isEqualTo(PUBLIC));
    }

    @Test
    void comesFromAKeyFileNamedInTheEnvironmentOrTheConfigFile() throws Exception {
        Path key = Files.writeString(dir.resolve("signer.pub"), PUBLIC + "\n");
        assertThat(new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n", "MMS_SIGNING_KEY", key.toString())).signingKey())
                .isPresent();

        AgentOptions options = new AgentOptions();
        options.config.file = Files.writeString(dir.resolve("agent.yaml"), "signing_key: " + PUBLIC + "\n");
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

    private KeyValueStore store(AgentConfig config) throws Exception {
        return KeyValueStores.openLazily(config.store().url(), config.store().connect());
    }

    @Test
    void aTrustFileMustBeSelfSignedAndReachesMachinesWithTheAudienceOfTheManagedKey() throws Exception {
        var document = Signers.trust(1, 2, Signers.publics(Signers.K1, Signers.K2), Signers.K1, Signers.K2);
        Path file = Files.writeString(dir.resolve("trust.json"), document.toJson() + "\n");
        AgentOptions options = new AgentOptions();
        options.trust.trustFile = file.toString();

        AgentConfig config = options.resolve(Map.of("MMS_IDENTITY", "n", "MMS_MANAGE_BUCKET", "FLEET"));

        Trust trust = Agent.services(config, store(config)).trust();
        assertThat(trust.document()).contains(document);
        assertThat(trust.audience()).isEqualTo("FLEET/machines");
        assertThat(trust.legacyAllowed()).isFalse();
        Files.writeString(file, Signers.trust(1, 2, Signers.publics(Signers.K1, Signers.K2), Signers.K1).toJson());
        assertThatThrownBy(() -> options.resolve(Map.of("MMS_IDENTITY", "n")))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("flag --trust-file: trust_file " + file + ": trust document version 1 is not"
                        + " signed by a threshold of its own keys: 1 valid signature of the 2 required");
    }

    @Test
    void audienceAndAllowLegacyHaveTheDocumentedNamesAndDefaults() throws Exception {
        assertThat(Setting.AUDIENCE.environmentVariable()).isEqualTo("MMS_AUDIENCE");
        assertThat(Setting.ALLOW_LEGACY.flag()).isEqualTo("--allow-legacy");
        assertThat(Setting.TRUST_FILE.key()).isEqualTo("trust_file");
        Trust defaults = new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n")).trust();
        assertThat(defaults.audience()).isEqualTo("MACHINES/machines");
        assertThat(defaults.legacyAllowed()).isTrue();

        Trust set = new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n", "MMS_AUDIENCE", "production",
                "MMS_ALLOW_LEGACY", "false")).trust();
        assertThat(set.audience()).isEqualTo("production");
        assertThat(set.legacyAllowed()).isFalse();
        assertThatThrownBy(() -> new AgentOptions().resolve(Map.of("MMS_IDENTITY", "n", "MMS_MANAGE", "true",
                "MMS_MANAGE_KEY", "trust")))
                .hasMessage("environment variable MMS_MANAGE_KEY: manage_key 'trust' is where the trust document is"
                        + " published, not a specification");
    }
}

package mms.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWhenNothingIsSet() throws Exception {
        AgentConfig c = AgentConfig.resolve(Optional.empty(), Map.of(), Map.of());
        assertThat(c.machines()).isEqualTo(Path.of("/etc/mms/machines"));
        assertThat(c.identity()).isNotBlank();
        assertThat(c.logLevel()).isEqualTo(AgentConfig.LogLevel.INFO);
        assertThat(c.logFormat()).isEqualTo(AgentConfig.LogFormat.TEXT);
        assertThat(c.facts()).isEmpty();
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "machines: /from/file\nidentity: file-id\nlog_level: debug\nfacts: /f.json\n");
        AgentConfig c = AgentConfig.resolve(Optional.of(file),
                Map.of("MMS_IDENTITY", "env-id", "MMS_LOG_LEVEL", "warn", "PATH", "/bin"),
                Map.of(Setting.LOG_LEVEL, "error"));
        assertThat(c.machines()).isEqualTo(Path.of("/from/file"));
        assertThat(c.identity()).isEqualTo("env-id");
        assertThat(c.logLevel()).isEqualTo(AgentConfig.LogLevel.ERROR);
        assertThat(c.facts()).contains(Path.of("/f.json"));
        assertThat(c.sources()).containsEntry(Setting.MACHINES, "configuration file " + file)
                .containsEntry(Setting.IDENTITY, "environment variable MMS_IDENTITY")
                .containsEntry(Setting.LOG_LEVEL, "flag --log-level");
    }

    @Test
    void aFileOfCommentsSetsNothingAndAnyOtherFileIsParsed() throws Exception {
        Path comments = dir.resolve("comments.yaml");
        Files.writeString(comments, "# the package's template\n\n  # machines: /srv/machines\n#identity: x\n");
        assertThat(AgentConfig.onlyComments(Files.readAllBytes(comments))).isTrue();
        assertThat(AgentConfig.resolve(Optional.of(comments), Map.of(), Map.of()).sources()).isEmpty();

        Path setting = dir.resolve("setting.yaml");
        Files.writeString(setting, "# a comment\nmachines: /srv/machines # and another\n");
        assertThat(AgentConfig.onlyComments(Files.readAllBytes(setting))).isFalse();
        assertThat(AgentConfig.resolve(Optional.of(setting), Map.of(), Map.of()).machines())
                .isEqualTo(Path.of("/srv/machines"));

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "# a comment\n- not: [a mapping\n");
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.of(broken), Map.of(), Map.of()))
                .hasMessageStartingWith("configuration file " + broken + ": ");
    }

    @Test
    void theConfiguredIdentityWinsElseTheDefaultOneIsUsed() throws Exception {
        AgentConfig configured = AgentConfig.resolve(Optional.empty(), Map.of("MMS_IDENTITY", " web1 "), Map.of());
        assertThat(configured.identity()).isEqualTo("web1");

        AgentConfig unset = AgentConfig.resolve(Optional.empty(), Map.of(), Map.of());
        assertThat(unset.identity()).isEqualTo(Identity.defaultIdentity()).isNotBlank();
    }

    @Test
    void badValuesNameTheSourceSettingAndValue() {
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(), Map.of("MMS_LOG_FORMAT", "xml"), Map.of()))
                .hasMessage("environment variable MMS_LOG_FORMAT: log_format 'xml' is not one of text, json");
    }

    @Test
    void theHttpListenerIsOffUnlessAnAddressIsGiven() throws Exception {
        assertThat(AgentConfig.resolve(Optional.empty(), Map.of(), Map.of()).httpListen()).isEmpty();
        assertThat(AgentConfig.resolve(Optional.empty(), Map.of("MMS_HTTP_LISTEN", " "), Map.of()).httpListen()).isEmpty();

        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "http_listen: 127.0.0.1:9464\n");
        assertThat(AgentConfig.resolve(Optional.of(file), Map.of(), Map.of()).httpListen())
                .contains(new AgentConfig.HttpListen("127.0.0.1", 9464));
        assertThat(AgentConfig.resolve(Optional.of(file), Map.of("MMS_HTTP_LISTEN", "[::1]:0"), Map.of()).httpListen())
                .hasValueSatisfying(l -> assertThat(l).hasToString("[::1]:0").isEqualTo(new AgentConfig.HttpListen("::1", 0)));
        assertThat(AgentConfig.resolve(Optional.of(file), Map.of(), Map.of(Setting.HTTP_LISTEN, "localhost:80")).httpListen())
                .contains(new AgentConfig.HttpListen("localhost", 80));
    }

    @Test
    void aBadHttpListenAddressIsRefusedNamingWhereItCameFrom() {
        Map<String, String> wrong = Map.of(
                "9464", "the port is missing, e.g. 127.0.0.1:9464",
                ":9464", "the host is missing, e.g. 127.0.0.1:9464 (0.0.0.0:9464 listens on every interface)",
                "127.0.0.1:http", "port 'http' is not a number from 0 to 65535",
                "127.0.0.1:65536", "port '65536' is not a number from 0 to 65535",
                "127.0.0.1:", "port '' is not a number from 0 to 65535",
                "::1:9464", "an IPv6 address goes in brackets, e.g. [::1]:9464",
                "[::1]9464", "an IPv6 address goes in brackets before the port, e.g. [::1]:9464",
                "http://127.0.0.1:9464", "host 'http://127.0.0.1' is not a host name or IP address");
        wrong.forEach((value, why) -> assertThatThrownBy(
                () -> AgentConfig.resolve(Optional.empty(), Map.of(), Map.of(Setting.HTTP_LISTEN, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flag --http-listen: http_listen '" + value + "' is not HOST:PORT: " + why));
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(), Map.of("MMS_HTTP_LISTEN", "9464"), Map.of()))
                .hasMessageStartingWith("environment variable MMS_HTTP_LISTEN: http_listen '9464' is not HOST:PORT");
    }

    @Test
    void unknownKeysInTheFileAreErrorsListingTheKnownOnes() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "machine: /x\n");
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.of(file), Map.of(), Map.of()))
                .hasMessageStartingWith("configuration file " + file + ": unknown setting 'machine', known settings are machines, identity");
    }

    @Test
    void everySettingHasOneNameInAllThreePlaces() {
        for (Setting s : Setting.values()) {
            assertThat(s.environmentVariable()).isEqualTo("MMS_" + s.key().toUpperCase());
            assertThat(s.flag()).isEqualTo("--" + s.key().replace('_', '-'));
        }
    }

    @Test
    void theMainCollectiveIsChoriaByDefaultAndOneSubjectToken() throws Exception {
        assertThat(AgentConfig.resolve(Optional.empty(), Map.of(), Map.of()).mainCollective()).isEqualTo("choria");
        assertThat(AgentConfig.resolve(Optional.empty(), Map.of("MMS_MAIN_COLLECTIVE", "acme"), Map.of()).mainCollective())
                .isEqualTo("acme");
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(), Map.of(), Map.of(Setting.MAIN_COLLECTIVE, "a.b")))
                .isInstanceOf(ConfigException.class).hasMessage("flag --main-collective: main_collective: governor"
                        + " collective 'a.b' is not a valid subject token (letters, digits, _ and -)");
    }

    @Test
    void theStatusIntervalIsAMinuteByDefaultAndAtLeastASecond() throws Exception {
        assertThat(AgentConfig.resolve(Optional.empty(), Map.of(), Map.of()).statusInterval())
                .isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(AgentConfig.resolve(Optional.empty(), Map.of("MMS_STATUS_INTERVAL", "1s"), Map.of()).statusInterval())
                .isEqualTo(java.time.Duration.ofSeconds(1));
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(), Map.of(), Map.of(Setting.STATUS_INTERVAL, "500ms")))
                .hasMessage("flag --status-interval: status_interval '500ms' is too small, minimum is 1s");
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(), Map.of("MMS_STATUS_INTERVAL", "often"), Map.of()))
                .hasMessageStartingWith("environment variable MMS_STATUS_INTERVAL: status_interval 'often' is not a"
                        + " duration like 30s or 5m: ");
    }

    @Test
    void theSpecificationIsKnownWhetherOrNotTheAgentManages() throws Exception {
        AgentConfig unmanaged = AgentConfig.resolve(Optional.empty(), Map.of("MMS_MANAGE_BUCKET", "FLEET"), Map.of());
        assertThat(unmanaged.manager()).isEmpty();
        assertThat(unmanaged.specification()).isEqualTo(new AgentConfig.SpecificationKey("FLEET", "machines"));

        AgentConfig managing = AgentConfig.resolve(Optional.empty(), Map.of("MMS_MANAGE", "true"),
                Map.of(Setting.MANAGE_KEY, "spec"));
        assertThat(managing.specification()).isEqualTo(new AgentConfig.SpecificationKey("MACHINES", "spec"));
        assertThat(managing.manager()).hasValueSatisfying(m -> {
            assertThat(m.bucket()).isEqualTo("MACHINES");
            assertThat(m.key()).isEqualTo("spec");
        });
    }

    @Test
    void theScoutSettingsAreOffByDefaultAndResolvedLikeEveryOther() throws Exception {
        AgentConfig none = AgentConfig.resolve(Optional.empty(), Map.of(), Map.of());
        assertThat(none.monitoring()).isEqualTo(new AgentConfig.Monitoring(Optional.empty(), Optional.empty()));

        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "prometheus_textfile_directory: /var/lib/node_exporter/textfile\n");
        AgentConfig set = AgentConfig.resolve(Optional.of(file), Map.of("MMS_SCOUT_OVERRIDES", "/etc/mms/overrides.json"),
                Map.of());
        assertThat(set.monitoring().textFileDirectory()).contains(Path.of("/var/lib/node_exporter/textfile"));
        assertThat(set.monitoring().overrides()).contains(Path.of("/etc/mms/overrides.json"));
    }

    @Test
    void thePluginsManagerIsOffByDefaultAndTakesTheOriginalsDefaults() throws Exception {
        assertThat(AgentConfig.resolve(Optional.empty(), Map.of(), Map.of()).plugins()).isEmpty();

        AgentConfig c = AgentConfig.resolve(Optional.empty(), Map.of("MMS_PLUGINS_DOWNLOAD", "true"), Map.of());

        assertThat(c.plugins()).contains(new AgentConfig.PluginsManagerSettings("CHORIA_PLUGINS", "plugins", true,
                java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(30), Optional.empty()));
    }

    @Test
    void readsEveryPluginsSetting() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                plugins_download: true
                plugins_bucket: FLEET_PLUGINS
                plugins_key: spec
                plugins_purge: false
                plugins_poll_interval: 2m
                plugins_check_interval: 45s
                plugins_signing_key: 64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da
                """);

        AgentConfig.PluginsManagerSettings p = AgentConfig.resolve(Optional.of(file), Map.of(), Map.of()).plugins()
                .orElseThrow();

        assertThat(p.bucket()).isEqualTo("FLEET_PLUGINS");
        assertThat(p.key()).isEqualTo("spec");
        assertThat(p.purge()).isFalse();
        assertThat(p.pollInterval()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(p.checkInterval()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(p.signingKey()).hasValueSatisfying(k ->
                assertThat(k.hex()).isEqualTo("64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da"));
    }

    @Test
    void refusesBadPluginsSettingsNamingThem() {
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(),
                Map.of("MMS_PLUGINS_DOWNLOAD", "true", "MMS_PLUGINS_CHECK_INTERVAL", "5s"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable MMS_PLUGINS_CHECK_INTERVAL: plugins_check_interval '5s' is too small,"
                        + " minimum is 10s");
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(),
                Map.of("MMS_PLUGINS_DOWNLOAD", "true", "MMS_PLUGINS_SIGNING_KEY", "nothex"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("plugins_signing_key 'nothex'");
    }

    @Test
    void refusesThePluginsManagerAlongsideTheMachinesManager() {
        assertThatThrownBy(() -> AgentConfig.resolve(Optional.empty(),
                Map.of("MMS_PLUGINS_DOWNLOAD", "true", "MMS_MANAGE", "true"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins_download and manage cannot both be on");
    }
}

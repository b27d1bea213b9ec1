package mms.watcher.nagios;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import mms.watcher.AgentHealth;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choria_status builtin over the agent's health, on a fixed clock. */
class ChoriaStatusCheckTest {
    @TempDir
    Path dir;

    /** A self-signed certificate valid until 2028-01-08T19:09:07Z. */
    static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBijCCATGgAwIBAgIUE2gRrb8gF1Rc7BsNTHWMJtznRiUwCgYIKoZIzj0EAwIw
            GzEZMBcGA1UEAwwQd2ViMS5leGFtcGxlLm5ldDAeFw0yNjEyMDQxOTA5MDdaFw0y
            ODAxMDgxOTA5MDdaMBsxGTAXBgNVBAMMEHdlYjEuZXhhbXBsZS5uZXQwWTATBgcq
            hkjOPQIBBggqhkjOPQMBBwNCAASMmkH5MttCuErfKIIXOcMiAYRZRZZxN81/CKD6
            nOV6UrG22NOK6wNK0vFkUYQQV1mZ+K0GZFxvoj99Zpp4coLpo1MwUTAdBgNVHQ4E
            FgQURk5dzkEtfibKbg2id0hqZsdVKnMwHwYDVR0jBBgwFoAURk5dzkEtfibKbg2i
            d0hqZsdVKnMwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAzrCPl
            /nZoINK0gD/+7Iysqbb8njQMxoA27ohhRmuy3gIgRvPokigBtEA0D0w1crUVDH0e
            Xdz9TZC58cUtSfvp+B0=
            -----END CERTIFICATE-----
            """;
    static final Instant CERTIFICATE_EXPIRES = Instant.parse("2028-01-08T19:09:07Z");

    static final Instant STARTED = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant NOW = STARTED.plus(Duration.ofHours(2));

    static NagiosProperties properties(Map<String, Object> extra) throws WatcherConfigException {
        Map<String, Object> props = new HashMap<>(Map.of("builtin", "choria_status", "last_message", "1h"));
        props.putAll(extra);
        return NagiosProperties.parse(new WatcherProperties("nagios watcher 'check_choria'", props), Path.of("/m"));
    }

    static AgentHealth.Report healthy() {
        return new AgentHealth.Report(STARTED, Duration.ofMinutes(1), Optional.of(NOW.minusSeconds(30)), true,
                Optional.empty(), Optional.empty(), 3, Optional.empty());
    }

    static String perfdata(long lastMessage, long certificate, long token) {
        return "uptime=7200;; last_msg=" + lastMessage + ";; cert_expire_seconds=" + certificate
                + ";; token_expire_seconds=" + token + ";; machines=3;;";
    }

    private static final long NEVER = Long.MAX_VALUE;
    private static final long LAST = NOW.minusSeconds(30).getEpochSecond();

    @Test
    void aHealthyAgentIsOkWithTheOriginalsPerformanceData() throws Exception {
        CheckResult result = ChoriaStatusCheck.check(properties(Map.of()), Optional.of(healthy()), NOW);

        assertThat(result.status()).isEqualTo(NagiosStatus.OK);
        assertThat(result.output()).isEqualTo("OK: status record written 2027-01-01 01:59:30 +0000 UTC|"
                + perfdata(LAST, NEVER, NEVER));
    }

    @Test
    void anAgentWithoutStatusIsUnknown() throws Exception {
        assertThat(ChoriaStatusCheck.check(properties(Map.of()), Optional.empty(), NOW))
                .isEqualTo(new CheckResult(NagiosStatus.UNKNOWN, "UNKNOWN: this agent keeps no status record"));
    }

    @Test
    void aStatusRecordTheStoreHasNotTakenForThreeIntervalsIsCritical() throws Exception {
        AgentHealth.Report stale = new AgentHealth.Report(STARTED, Duration.ofMinutes(1),
                Optional.of(NOW.minusSeconds(181)), true, Optional.empty(), Optional.empty(), 3, Optional.empty());

        CheckResult result = ChoriaStatusCheck.check(properties(Map.of()), Optional.of(stale), NOW);

        assertThat(result.status()).isEqualTo(NagiosStatus.CRITICAL);
        assertThat(result.output()).startsWith("CRITICAL: status record older than 3m0s (last written"
                + " 2027-01-01 01:56:59 +0000 UTC)|uptime=7200;;");
    }

    @Test
    void noContactWithTheStoreWithinLastMessageIsCriticalButNotRightAfterStart() throws Exception {
        AgentHealth.Report never = new AgentHealth.Report(NOW.minusSeconds(60), Duration.ofMinutes(30), Optional.empty(),
                true, Optional.empty(), Optional.empty(), 3, Optional.empty());
        assertThat(ChoriaStatusCheck.check(properties(Map.of()), Optional.of(never), NOW).status())
                .as("within last_message of the start").isEqualTo(NagiosStatus.OK);

        AgentHealth.Report old = new AgentHealth.Report(STARTED, Duration.ofMinutes(30), Optional.of(NOW.minusSeconds(3601)),
                true, Optional.empty(), Optional.empty(), 3, Optional.empty());
        CheckResult result = ChoriaStatusCheck.check(properties(Map.of()), Optional.of(old), NOW);
        assertThat(result.status()).isEqualTo(NagiosStatus.CRITICAL);
        assertThat(result.output()).startsWith("CRITICAL: last message at 2027-01-01 00:59:59 +0000 UTC|");
    }

    @Test
    void aDisconnectedStoreIsCritical() throws Exception {
        AgentHealth.Report h = healthy();
        AgentHealth.Report disconnected = new AgentHealth.Report(h.started(), h.statusInterval(), h.statusWritten(), false,
                h.certificate(), h.credentials(), h.machines(), h.specificationProblem());

        assertThat(ChoriaStatusCheck.check(properties(Map.of()), Optional.of(disconnected), NOW).output())
                .isEqualTo("CRITICAL: Not connected to any server|" + perfdata(LAST, NEVER, NEVER));
    }

    @Test
    void aSpecificationTheManagerRefusedIsAWarning() throws Exception {
        AgentHealth.Report h = healthy();
        AgentHealth.Report refused = new AgentHealth.Report(h.started(), h.statusInterval(), h.statusWritten(), true,
                h.certificate(), h.credentials(), h.machines(), Optional.of("specification 0123456789ab was rejected: x"));

        CheckResult result = ChoriaStatusCheck.check(properties(Map.of()), Optional.of(refused), NOW);

        assertThat(result.status()).isEqualTo(NagiosStatus.WARNING);
        assertThat(result.output()).startsWith("WARNING: specification 0123456789ab was rejected: x|uptime=");
    }

    @Test
    void aCertificateExpiringWithinPubcertExpireIsCritical() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), CERTIFICATE);
        AgentHealth.Report h = healthy();
        AgentHealth.Report withCert = new AgentHealth.Report(h.started(), h.statusInterval(), h.statusWritten(), true,
                Optional.of(cert), Optional.empty(), 3, Optional.empty());
        long left = Duration.between(NOW, CERTIFICATE_EXPIRES).toSeconds();

        assertThat(ChoriaStatusCheck.check(properties(Map.of("pubcert_expire", "1d")), Optional.of(withCert), NOW).output())
                .isEqualTo("OK: status record written 2027-01-01 01:59:30 +0000 UTC|" + perfdata(LAST, left, NEVER));
        assertThat(ChoriaStatusCheck.check(properties(Map.of("pubcert_expire", "9000h")), Optional.of(withCert), NOW)
                .output()).isEqualTo("CRITICAL: certificate expires 2028-01-08 19:09:07 +0000 UTC (8945h9m7s)|"
                        + perfdata(LAST, left, NEVER));
    }

    @Test
    void aTokenExpiringWithinTokenExpireIsCritical() throws Exception {
        Instant expires = NOW.plus(Duration.ofDays(30));
        String claims = "{\"jti\":\"x\",\"exp\":" + expires.getEpochSecond() + ",\"sub\":\"UABC\"}";
        String jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + ".c2ln";
        Path creds = Files.writeString(dir.resolve("user.creds"), "-----BEGIN NATS USER JWT-----\n" + jwt
                + "\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\nSUAXX\n------END USER NKEY SEED------\n");
        AgentHealth.Report h = healthy();
        AgentHealth.Report withToken = new AgentHealth.Report(h.started(), h.statusInterval(), h.statusWritten(), true,
                Optional.empty(), Optional.of(creds), 3, Optional.empty());

        CheckResult result = ChoriaStatusCheck.check(properties(Map.of("token_expire", "365d")), Optional.of(withToken), NOW);

        assertThat(result.status()).isEqualTo(NagiosStatus.CRITICAL);
        assertThat(result.output()).isEqualTo("CRITICAL: token expires 2027-01-31 02:00:00 +0000 UTC (720h0m0s)|"
                + perfdata(LAST, NEVER, 30L * 24 * 3600));
    }

    @Test
    void anUnreadableCertificateIsCriticalOnlyWhenItsExpiryIsChecked() throws Exception {
        AgentHealth.Report h = healthy();
        AgentHealth.Report missing = new AgentHealth.Report(h.started(), h.statusInterval(), h.statusWritten(), true,
                Optional.of(dir.resolve("missing.pem")), Optional.empty(), 3, Optional.empty());

        assertThat(ChoriaStatusCheck.check(properties(Map.of()), Optional.of(missing), NOW).status())
                .isEqualTo(NagiosStatus.OK);
        assertThat(ChoriaStatusCheck.check(properties(Map.of("pubcert_expire", "24h")), Optional.of(missing), NOW).output())
                .startsWith("CRITICAL: cannot read the certificate: ").contains("missing.pem");
    }
}

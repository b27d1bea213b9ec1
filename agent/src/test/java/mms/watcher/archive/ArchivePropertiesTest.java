package mms.watcher.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mms.archive.ArchiveLimits;
import mms.url.Urls;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import org.junit.jupiter.api.Test;

class ArchivePropertiesTest {

    static final String SHA = "a".repeat(64);
    static final Path MACHINE = Path.of("/srv/machines/deployer");

    static Map<String, Object> minimal() {
        Map<String, Object> p = new HashMap<>();
        p.put("source", "https://repo.example.net/app-1.0.0.tar.gz");
        p.put("creates", "app");
        p.put("target", "/srv/machines");
        p.put("checksum", SHA);
        return p;
    }

    static ArchiveProperties parse(Map<String, Object> raw) throws WatcherConfigException {
        return ArchiveProperties.parse(new WatcherProperties("archive watcher 'app'", raw), MACHINE);
    }

    static String error(Map<String, Object> raw) {
        try {
            parse(raw);
        } catch (WatcherConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + raw);
    }

    static Map<String, Object> with(Object... keyValues) {
        Map<String, Object> p = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove((String) keyValues[i]);
            } else {
                p.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }

    @Test
    void appliesSafeDefaults() throws Exception {
        ArchiveProperties p = parse(minimal());

        assertThat(p.target()).isEqualTo(Path.of("/srv/machines"));
        assertThat(p.verify()).isEmpty();
        assertThat(p.username()).isEmpty();
        assertThat(p.insecure()).isFalse();
        assertThat(p.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.governor()).isEmpty();
        assertThat(p.limits()).isEqualTo(ArchiveLimits.DEFAULTS);
    }

    @Test
    void reportsMissingRequiredPropertiesInTheOriginalsOrder() {
        Map<String, Object> empty = new HashMap<>();
        assertThat(error(empty)).isEqualTo("property 'source' of archive watcher 'app' is required");
        assertThat(error(with("creates", null, "target", null)))
                .isEqualTo("property 'creates' of archive watcher 'app' is required");
        assertThat(error(with("target", ""))).isEqualTo("property 'target' of archive watcher 'app' is required");
        assertThat(error(with("checksum", null))).isEqualTo("property 'checksum' of archive watcher 'app' is required");
    }

    @Test
    void rejectsCreatesThatIsNotOneDirectoryName() {
        assertThat(error(with("creates", "tmp"))).isEqualTo("property 'creates' of archive watcher 'app': 'tmp' "
                + "must be a single directory name other than '.', '..' and 'tmp'");
        assertThat(error(with("creates", "a/b"))).contains("'a/b' must be a single directory name");
        assertThat(error(with("creates", ".."))).contains("'..' must be a single directory name");
    }

    @Test
    void resolvesARelativeTargetAgainstTheMachineDirectory() throws Exception {
        assertThat(parse(with("target", "../store")).target()).isEqualTo(Path.of("/srv/machines/store"));
        assertThat(parse(with("target", "apps")).target()).isEqualTo(Path.of("/srv/machines/deployer/apps"));
    }

    @Test
    void checksumsMustBeDigestsUnlessTheyAreTemplatesAndMayBeUppercase() throws Exception {
        assertThat(error(with("checksum", "abc"))).isEqualTo(
                "property 'checksum' of archive watcher 'app': 'abc' is not a sha-256 digest of 64 hex characters");
        assertThat(parse(with("checksum", SHA.toUpperCase())).checksum()).isEqualTo(SHA.toUpperCase());
        assertThat(parse(with("checksum", "{{ lookup \"data.sum\" \"\" }}")).checksum()).startsWith("{{");
        assertThat(error(with("verify", "SHA256SUMS", "verify_checksum", "xyz")))
                .contains("property 'verify_checksum' of archive watcher 'app': 'xyz' is not a sha-256 digest");
    }

    @Test
    void verifyAndVerifyChecksumGoTogether() throws Exception {
        assertThat(error(with("verify", "SHA256SUMS"))).isEqualTo(
                "property 'verify_checksum' of archive watcher 'app' is required when verify is set");
        assertThat(error(with("verify_checksum", SHA))).isEqualTo("property 'verify_checksum' of archive watcher "
                + "'app' needs 'verify' naming the checksums file, e.g. verify: SHA256SUMS");
        assertThat(error(with("verify", "../SHA256SUMS", "verify_checksum", SHA))).isEqualTo(
                "property 'verify' of archive watcher 'app': '../SHA256SUMS' must be a file name inside the "
                        + "creates directory, e.g. SHA256SUMS");
        ArchiveProperties p = parse(with("verify", "SHA256SUMS", "verify_checksum", SHA));
        assertThat(p.verify()).contains("SHA256SUMS");
        assertThat(p.verifyChecksum()).contains(SHA);
    }

    @Test
    void usernameNeedsAPasswordAndEmptyStringsMeanUnset() throws Exception {
        assertThat(error(with("username", "bob"))).isEqualTo(
                "property 'password' of archive watcher 'app' is required when username is given");
        // what the machines watcher's manager template writes for unset fields
        ArchiveProperties p = parse(with("username", "", "password", "", "governor", ""));
        assertThat(p.username()).isEmpty();
        assertThat(p.password()).isEmpty();
        assertThat(p.governor()).isEmpty();
        assertThat(parse(with("username", "bob", "password", "secret")).toString()).doesNotContain("secret");
    }

    @Test
    void raisesShortTimeoutsToFiveSecondsAndRejectsNegativeOnes() throws Exception {
        assertThat(parse(with("timeout", "1s")).timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse(with("timeout", "2m")).timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse(with("timeout", "0s")).timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(error(with("timeout", "-1s"))).isEqualTo("property 'timeout' of archive watcher 'app': '-1s' is negative");
        assertThat(error(with("timeout", "soon"))).startsWith("property 'timeout' of archive watcher 'app': 'soon' is not a duration");
    }

    @Test
    void governorTimeoutDefaultsToFiveMinutes() throws Exception {
        ArchiveProperties p = parse(with("governor", "downloads"));
        assertThat(p.governor()).contains("downloads");
        assertThat(p.governorTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(parse(with("governor", "downloads", "governor_timeout", "30s")).governorTimeout())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void parsesSizesWithBinaryAndDecimalUnitsOrPlainBytes() throws Exception {
        ArchiveProperties p = parse(with("max_size", "512MiB", "max_extracted_size", "2 GiB", "max_files", "500",
                "strict", "true"));
        assertThat(p.limits()).isEqualTo(new ArchiveLimits(512L << 20, 2L << 30, 500, true));
        assertThat(parse(with("max_size", 1048576)).limits().maxSize()).isEqualTo(1048576);
        assertThat(parse(with("max_size", "10MB")).limits().maxSize()).isEqualTo(10_000_000);
        assertThat(parse(with("max_size", "10kib")).limits().maxSize()).isEqualTo(10_240);
        assertThat(error(with("max_size", "12XB"))).isEqualTo("property 'max_size' of archive watcher 'app': "
                + "'12XB' has an unknown unit 'XB', use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB");
        assertThat(error(with("max_extracted_size", "lots"))).isEqualTo("property 'max_extracted_size' of archive "
                + "watcher 'app': 'lots' is not a size like 1048576, 256MiB or 1GiB");
        assertThat(error(with("max_size", 0))).isEqualTo(
                "property 'max_size' of archive watcher 'app': '0' is too small, minimum is 1 byte");
        assertThat(error(with("max_size", "99999999999TiB"))).endsWith("is too large");
        assertThat(error(with("max_files", 0))).isEqualTo(
                "property 'max_files' of archive watcher 'app': '0' must be between 1 and 2147483647");
    }

    @Test
    void formatsSizesForHumans() {
        assertThat(ByteSize.format(256L << 20)).isEqualTo("256MiB");
        assertThat(ByteSize.format(1L << 30)).isEqualTo("1GiB");
        assertThat(ByteSize.format(1000)).isEqualTo("1000B");
    }

    @Test
    void factoryRefusesIntervalsBelowTenSeconds() throws Exception {
        ArchiveWatcherFactory factory = new ArchiveWatcherFactory();
        MachineInfo info = new MachineInfo("deployer", "1.0.0", MACHINE);

        assertThatThrownBy(() -> factory.create(settings(Duration.ofSeconds(5)),
                new WatcherProperties("archive watcher 'app'", minimal()), info))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessage("interval of archive watcher 'app': 5s is too small, minimum is 10s");
        assertThat(factory.create(settings(Duration.ofSeconds(10)), new WatcherProperties("archive watcher 'app'",
                minimal()), info)).isInstanceOf(ArchiveWatcher.class);
    }

    @Test
    void wakesOnDataChangesOnlyWhenSourceOrChecksumsAreTemplates() throws Exception {
        assertThat(new ArchiveWatcher(settings(Duration.ZERO), parse(minimal())).wakeOnDataChange()).isFalse();
        assertThat(new ArchiveWatcher(settings(Duration.ZERO),
                parse(with("source", "https://x/{{ lookup \"data.v\" \"1\" }}.tgz"))).wakeOnDataChange()).isTrue();
        assertThat(new ArchiveWatcher(settings(Duration.ZERO), parse(with("verify", "SHA256SUMS",
                "verify_checksum", "{{ lookup \"data.sums\" \"\" }}"))).wakeOnDataChange()).isTrue();
    }

    @Test
    void publishesTheSourceWithoutCredentialsOrQuery() throws Exception {
        ArchiveWatcher watcher = new ArchiveWatcher(settings(Duration.ZERO),
                parse(with("source", "https://bob:secret@repo.example.net/app.tgz?token=x")));
        ArchiveStateNotification state = (ArchiveStateNotification) watcher.currentState();
        assertThat(state.source()).isEqualTo("https://***@repo.example.net/app.tgz?…");
        assertThat(state.previousOutcome()).isEqualTo(ArchiveState.UNKNOWN);
        assertThat(Urls.redact("https://bob:pw@{{ lookup \"facts.host\" \"\" }}/x"))
                .isEqualTo("https://***@{{ lookup \"facts.host\" \"\" }}/x");
        assertThat(state.text("node", "m", "app")).isEqualTo("node m#app source: https://***@repo.example.net/app.tgz?…, "
                + "previous: unknown ran: 0.000s");
    }

    static WatcherSettings settings(Duration interval) {
        return new WatcherSettings("app", "archive", List.of(), List.of(), "", "", interval, Duration.ZERO);
    }

    @Test
    void wireNamesAreTheOriginals() {
        assertThat(List.of(ArchiveState.values()).stream().map(ArchiveState::wireName)).containsExactly(
                "unknown", "skipped", "error", "verified", "verify_failed", "no_creates", "no_checksums", "downloaded");
    }
}

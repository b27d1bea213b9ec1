package mms.watcher.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mms.json.Json;
import mms.watcher.FakeMachine;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import org.junit.jupiter.api.Test;

class GossipPropertiesTest {

    private static WatcherSettings settings(Duration interval) {
        return FakeMachine.settings("ginkgo", "gossip", List.of("always"), "fail", "success", interval);
    }

    private static WatcherProperties props(Map<String, Object> map) {
        return new WatcherProperties("gossip watcher 'ginkgo'", map);
    }

    private static GossipProperties parse(Map<String, Object> map) throws WatcherConfigException {
        return GossipProperties.parse(settings(Duration.ZERO), props(map));
    }

    /** The registration of the original's test. */
    private static Map<String, Object> registration() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cluster", "lon");
        r.put("service", "ginkgo");
        r.put("protocol", "http");
        r.put("ip", "192.168.1.1");
        r.put("port", 8080);
        r.put("priority", 1);
        r.put("annotations", Map.of("test", "annotation"));
        return r;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        if (value == null) {
            out.remove(key);
        } else {
            out.put(key, value);
        }
        return out;
    }

    @Test
    void readsSubjectAndPayloadAsTheOriginalsTest() throws Exception {
        GossipProperties p = parse(Map.of("subject", "foo.bar", "payload", "pay.load"));

        assertThat(p.subjectTemplate("1234567890")).isEqualTo("foo.bar");
        assertThat(p.payload()).isEqualTo("pay.load");
        assertThat(p.registration()).isEmpty();
        assertThat(p.headers()).isEmpty();
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theWatcherIntervalSetsThePeriod() throws Exception {
        GossipProperties p = GossipProperties.parse(settings(Duration.ofSeconds(10)),
                props(Map.of("subject", "foo.bar", "payload", "x")));

        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void registrationSubjectAndPayloadAreTheOriginals() throws Exception {
        GossipProperties p = parse(Map.of("registration", registration()));

        assertThat(p.subjectTemplate("1234567890")).isEqualTo("$KV.CHORIA_SERVICES.lon.http.ginkgo.1234567890");
        assertThat(p.registration().orElseThrow().json()).isEqualTo("{\"cluster\":\"lon\",\"service\":\"ginkgo\","
                + "\"protocol\":\"http\",\"address\":\"192.168.1.1\",\"port\":8080,\"priority\":1,"
                + "\"annotations\":{\"test\":\"annotation\"}}");
    }

    @Test
    void registrationWithoutAnnotationsLeavesThemOutAndAPrefixReplacesTheBucket() throws Exception {
        GossipProperties p = parse(Map.of("registration", with(with(registration(), "annotations", null),
                "prefix", "services")));

        assertThat(p.subjectTemplate("id")).isEqualTo("services.lon.http.ginkgo.id");
        assertThat(p.registration().orElseThrow().json()).isEqualTo("{\"cluster\":\"lon\",\"service\":\"ginkgo\","
                + "\"protocol\":\"http\",\"address\":\"192.168.1.1\",\"port\":8080,\"priority\":1}");
    }

    @Test
    void annotationsAreSortedAndEscapedAsGoWritesThem() throws Exception {
        GossipProperties p = parse(Map.of("registration", with(registration(), "annotations",
                Map.of("z", "<b>&", "a", 1, "m", true))));

        assertThat(p.registration().orElseThrow().json())
                .endsWith("\"annotations\":{\"a\":\"1\",\"m\":\"1\",\"z\":\"\\u003cb\\u003e\\u0026\"}}");
    }

    @Test
    void registrationKeysMatchIgnoringCaseAndTypos() throws Exception {
        Map<String, Object> r = with(with(registration(), "Cluster", "lon"), "cluster", null);
        r.put("prot", "x");
        WatcherProperties props = props(Map.of("registration", r));

        GossipProperties.parse(settings(Duration.ZERO), props);

        assertThat(props.unusedKeys()).containsExactly("registration.prot");
    }

    @Test
    void ttlSecondsAddsTheOriginalsHeader() throws Exception {
        assertThat(parse(Map.of("subject", "a", "payload", "b", "ttl_seconds", 30)).headers())
                .isEqualTo(Map.of("Nats-TTLSeconds", "30s"));
        assertThat(parse(Map.of("subject", "a", "payload", "b", "ttl_seconds", "0")).headers()).isEmpty();
    }

    @Test
    void rejectsWhatTheOriginalRejectsNamingThePropertyAndValue() {
        assertThatThrownBy(() -> parse(Map.of())).isInstanceOf(WatcherConfigException.class)
                .hasMessage("property 'subject' of gossip watcher 'ginkgo' is required");
        assertThatThrownBy(() -> parse(Map.of("subject", "foo.bar")))
                .hasMessage("property 'payload' of gossip watcher 'ginkgo' is required");
        assertThatThrownBy(() -> parse(Map.of("subject", "a", "registration", registration())))
                .hasMessage("property 'subject' of gossip watcher 'ginkgo': 'a' cannot be set with registration: "
                        + "a registration has its own subject");
        assertThatThrownBy(() -> parse(Map.of("payload", "a", "registration", registration())))
                .hasMessage("property 'payload' of gossip watcher 'ginkgo': 'a' cannot be set with registration: "
                        + "a registration is its own payload");
        assertThatThrownBy(() -> parse(Map.of("registration", Map.of())))
                .hasMessage("property 'registration.cluster' of gossip watcher 'ginkgo' is required");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "cluster", "1lon"))))
                .hasMessage("property 'registration.cluster' of gossip watcher 'ginkgo': '1lon' is invalid: "
                        + "it must be a letter followed by letters, digits, _ or -");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "service", null))))
                .hasMessage("property 'registration.service' of gossip watcher 'ginkgo' is required");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "protocol", "ht tp"))))
                .hasMessageContaining("property 'registration.protocol' of gossip watcher 'ginkgo': 'ht tp' is invalid");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "ip", null))))
                .hasMessage("property 'registration.ip' of gossip watcher 'ginkgo' is required");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "ip", "web.example.net"))))
                .hasMessage("property 'registration.ip' of gossip watcher 'ginkgo': 'web.example.net' is not an IP "
                        + "address (an IPv4 or IPv6 literal, not a host name)");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "port", null))))
                .hasMessage("property 'registration.port' of gossip watcher 'ginkgo' is required");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "port", -1))))
                .hasMessage("property 'registration.port' of gossip watcher 'ginkgo': '-1' is negative");
        assertThatThrownBy(() -> parse(Map.of("registration", "lon")))
                .hasMessage("property 'registration' of gossip watcher 'ginkgo': 'lon' must be a mapping");
    }

    @Test
    void rejectsSubjectsNatsCannotPublishTo() {
        assertThatThrownBy(() -> parse(Map.of("subject", "foo bar", "payload", "x")))
                .hasMessage("property 'subject' of gossip watcher 'ginkgo': 'foo bar' is not a valid subject: it contains a space");
        assertThatThrownBy(() -> parse(Map.of("subject", "foo.*", "payload", "x")))
                .hasMessage("property 'subject' of gossip watcher 'ginkgo': 'foo.*' is not a valid subject: it contains '*'");
        assertThatThrownBy(() -> parse(Map.of("subject", "foo..bar", "payload", "x")))
                .hasMessage("property 'subject' of gossip watcher 'ginkgo': 'foo..bar' is not a valid subject: it has an empty token");
        assertThatThrownBy(() -> parse(Map.of("subject", "foo.>", "payload", "x")))
                .hasMessageEndingWith("is not a valid subject: it contains the wildcard '>'");
        assertThatThrownBy(() -> parse(Map.of("registration", with(registration(), "prefix", "a b"))))
                .hasMessage("property 'registration.prefix' of gossip watcher 'ginkgo': 'a b' makes an invalid subject: "
                        + "is not a valid subject: it contains a space");
    }

    @Test
    void aTemplatedSubjectIsCheckedWhenRendered() throws Exception {
        GossipProperties p = parse(Map.of("subject", "nodes.{{ lookup \"facts.site\" \"x\" }}", "payload", "x"));

        assertThat(p.subject()).isEqualTo("nodes.{{ lookup \"facts.site\" \"x\" }}");
    }

    @Test
    void ipLiteralsAreWhatGoAccepts() {
        assertThat(ServiceRegistration.isIpLiteral("192.168.1.1")).isTrue();
        assertThat(ServiceRegistration.isIpLiteral("::1")).isTrue();
        assertThat(ServiceRegistration.isIpLiteral("2001:db8::8a2e:370:7334")).isTrue();
        assertThat(ServiceRegistration.isIpLiteral("::ffff:10.0.0.1")).isTrue();
        assertThat(ServiceRegistration.isIpLiteral("256.1.1.1")).isFalse();
        assertThat(ServiceRegistration.isIpLiteral("010.1.1.1")).isFalse();
        assertThat(ServiceRegistration.isIpLiteral("127.1")).isFalse();
        assertThat(ServiceRegistration.isIpLiteral("[::1]")).isFalse();
        assertThat(ServiceRegistration.isIpLiteral("fe80::1%eth0")).isFalse();
        assertThat(ServiceRegistration.isIpLiteral("localhost")).isFalse();
    }

    @Test
    void notificationIsTheOriginalsJsonAndText() throws Exception {
        var n = new GossipStateNotification("x.y", "a.b", 1606924953L);
        var data = Json.object();
        n.writeTo(data);

        assertThat(Json.write(data))
                .isEqualTo("{\"previous_subject\":\"x.y\",\"previous_payload\":\"a.b\",\"previous_gossip\":1606924953}");
        assertThat(n.text("ginkgo", "gossip", "ginkgo")).isEqualTo("ginkgo gossip#ginkgo subject: x.y, previous: 1606924953");
        assertThat(GossipStateNotification.read(new mms.event.EventData(data, "p"))).isEqualTo(n);
        assertThat(GossipStateNotification.NEVER.previousGossip()).isEqualTo(-62135596800L);
    }

    @Test
    void theFactoryBuildsAWatcherOfTheType() throws Exception {
        var factory = new GossipWatcherFactory();
        assertThat(factory.type()).isEqualTo("gossip");
        assertThat(factory.create(settings(Duration.ZERO), props(Map.of("subject", "a", "payload", "b")),
                new MachineInfo("gossip", "1.0.0", Path.of("/tmp")))).isInstanceOf(GossipWatcher.class);
    }
}

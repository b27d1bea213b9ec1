package mms.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import mms.json.Json;
import mms.runtime.WatcherRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Reading the bus back: every event type of the original decodes to its text form (events.md §3),
 * and re-encodes to the very bytes it was read from.
 */
class EventDecoderTest {
    private static final EventDecoder DECODER = EventDecoder.of(WatcherRegistry.discover().stateReaders());

    private static byte[] cloudEvent(String type, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"io.choria.machine\","
                + "\"type\":\"" + type + "\",\"subject\":\"web1\",\"datacontenttype\":\"application/json\","
                + "\"time\":\"2024-05-01T10:00:00Z\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A watcher state's data: the common members, then the type's own. */
    private static String stateData(String type, String machine, String watcher, String own) {
        return "{\"protocol\":\"io.choria.machine.watcher." + type + ".v1.state\",\"identity\":\"web1\",\"id\":\"i1\","
                + "\"version\":\"1.0.0\",\"timestamp\":1714557600,\"type\":\"" + type + "\",\"machine\":\"" + machine
                + "\",\"name\":\"" + watcher + "\"," + own + "}";
    }

    static Stream<Arguments> everyWatcherTypeOfTheOriginal() {
        return Stream.of(
                Arguments.of("archive", "mm_app", "download", "\"source\":\"https://repo/app.tgz\",\"creates\":\"app\","
                        + "\"previous_outcome\":\"verified\",\"previous_run_time\":250000000",
                        "web1 mm_app#download source: https://repo/app.tgz, previous: verified ran: 0.250s"),
                Arguments.of("machines", "mms_manager", "manage", "\"machines\":[\"app\",\"db\"],"
                        + "\"previous_outcome\":\"updated\",\"previous_run_time\":1500000000",
                        "web1 mms_manager#manage machines: app, db, previous: updated ran: 1.500s"),
                Arguments.of("plugins", "plugins_manager", "manage_machines", "\"plugins\":[\"a\",\"b\"],"
                        + "\"previous_outcome\":\"updated\",\"previous_run_time\":1000000",
                        "web1 plugins_manager#manage_machines plugin: a, b, previous: updated ran: 0.001s"),
                Arguments.of("kv", "cfg", "spec", "\"state\":\"changed\",\"bucket\":\"CONFIG\",\"key\":\"spec\",\"mode\":\"watch\"",
                        "web1 key-value cfg#spec watching bucket: CONFIG key: spec state: changed"),
                Arguments.of("kv", "cfg", "all", "\"state\":\"unchanged\",\"bucket\":\"CONFIG\",\"mode\":\"poll\"",
                        "web1 key-value cfg#all polling bucket: CONFIG state: unchanged"),
                Arguments.of("exec", "exec", "ginkgo", "\"command\":\"/bin/sh\",\"previous_outcome\":\"success\","
                        + "\"previous_run_time\":1000000000", "web1 exec#ginkgo command: /bin/sh, previous: success ran: 1.000s"),
                Arguments.of("file", "m", "f", "\"path\":\"/etc/x \\u0026 y\",\"previous_outcome\":\"changed\"",
                        "web1 m#f path: /etc/x & y, previous: changed"),
                Arguments.of("timer", "m", "t", "\"state\":\"running\",\"timer\":90000000000",
                        "web1 timer m#t state: running with 1m30s timer"),
                Arguments.of("schedule", "m", "s", "\"state\":\"on\"", "web1 m#s schedule state: on"),
                Arguments.of("expression", "m", "e", "\"previous_outcome\":\"success_when\"", "web1 m#e previous: success_when"),
                Arguments.of("gossip", "m", "g", "\"previous_subject\":\"foo.bar\",\"previous_payload\":\"\","
                        + "\"previous_gossip\":-62135596800", "web1 m#g subject: foo.bar, previous: -62135596800"),
                Arguments.of("httpswitch", "m", "h", "\"status\":\"on\",\"is_on\":true,\"annotations\":{}",
                        "web1 m#h previous: on"),
                Arguments.of("metric", "m", "load", "\"metrics\":{\"labels\":{\"dc\":\"a\"},\"metrics\":{"
                        + "\"choria_runtime_seconds\":0.5,\"load\":1.25},\"time\":1714557600}",
                        "web1 m#load metrics: choria_runtime_seconds=0.500, load=1.250"),
                Arguments.of("nagios", "m", "n", "\"plugin\":\"check_load\",\"status\":\"OK\",\"status_code\":0,"
                        + "\"output\":\"all good\",\"check_time\":1714557600,\"perfdata\":null,\"runtime\":0.01,"
                        + "\"history\":[],\"annotations\":{}", "web1 m#n OK: all good"),
                Arguments.of("ccm_manifest", "m", "c", "\"previous_outcome\":\"stable\",\"previous_run_time\":2000000000",
                        "web1 m#c previous: stable ran: 2.000s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWatcherTypeOfTheOriginal")
    void readsEveryWatcherTypeOfTheOriginalToItsTextForm(String type, String machine, String watcher, String own,
                                                         String text) throws Exception {
        String data = stateData(type, machine, watcher, own);

        MachineEvent event = DECODER.decode(cloudEvent("io.choria.machine.watcher." + type + ".v1.state", data));

        assertThat(event).isInstanceOfSatisfying(WatcherStateNotification.class, s -> {
            assertThat(s.type()).isEqualTo(type);
            assertThat(s.identity()).isEqualTo("web1");
            assertThat(s.machine()).isEqualTo(machine);
            assertThat(s.timestamp()).isEqualTo(1714557600L);
        });
        assertThat(event.text()).isEqualTo(text);
        assertThat(Json.write(event.data())).isEqualTo(data);
    }

    @Test
    void readsTheTypesThisBuildImplementsWithTheirOwnRecords() throws Exception {
        MachineEvent event = DECODER.decode(cloudEvent("io.choria.machine.watcher.exec.v1.state", stateData("exec",
                "exec", "ginkgo", "\"command\":\"/bin/sh\",\"previous_outcome\":\"success\",\"previous_run_time\":1")));

        assertThat(((WatcherStateNotification) event).state()).isInstanceOf(mms.watcher.exec.ExecStateNotification.class);
    }

    @Test
    void readsATransition() throws Exception {
        String data = Json.write(CloudEventsTest.TRANSITION.data());

        MachineEvent event = DECODER.decode(cloudEvent(TransitionNotification.PROTOCOL, data));

        assertThat(event).isEqualTo(CloudEventsTest.TRANSITION);
        assertThat(event.text()).isEqualTo("web1.example.net mm_facts transitioned via event enter_maintenance: "
                + "MANAGE => MAINTENANCE");
    }

    @Test
    void refusesWhatItCannotReadWithTheOriginalsWords() {
        assertThatThrownBy(() -> DECODER.decode(cloudEvent("x", "{\"identity\":\"web1\"}")))
                .isInstanceOf(EventFormatException.class).hasMessage("no protocol header in state json");
        assertThatThrownBy(() -> DECODER.decode(cloudEvent("x", stateData("bogus", "m", "b", "\"x\":1"))))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("unknown event type \"io.choria.machine.watcher.bogus.v1.state\"");
        assertThatThrownBy(() -> DECODER.decode(cloudEvent("x", "{\"protocol\":\"io.choria.lifecycle.v1.governor\"}")))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("unknown event type \"io.choria.lifecycle.v1.governor\"");
    }

    @Test
    void namesTheMemberAndValueThatCannotBeRead() {
        assertThatThrownBy(() -> DECODER.decode(cloudEvent("x", stateData("exec", "m", "e",
                "\"command\":\"true\",\"previous_outcome\":\"exploded\",\"previous_run_time\":1"))))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("io.choria.machine.watcher.exec.v1.state: member 'previous_outcome' is \"exploded\", "
                        + "expected one of unknown, skipped, error, success");
        assertThatThrownBy(() -> DECODER.decode(cloudEvent("x", stateData("timer", "m", "t",
                "\"state\":\"running\",\"timer\":\"1s\""))))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("io.choria.machine.watcher.timer.v1.state: member 'timer' is not an integer: \"1s\"");
        assertThatThrownBy(() -> DECODER.decode(cloudEvent("x", "{\"protocol\":\"io.choria.machine.v1.transition\","
                + "\"identity\":\"web1\"}")))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("io.choria.machine.v1.transition: member 'id' is missing");
    }

    @Test
    void refusesWhatIsNotACloudEventWithJsonData() {
        assertThatThrownBy(() -> DECODER.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class).hasMessageStartingWith("could not parse cloud event: ");
        assertThatThrownBy(() -> DECODER.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("could not parse cloud event: a JSON object is expected");
        assertThatThrownBy(() -> DECODER.decode("{\"type\":\"io.choria.machine.v1.transition\",\"data_base64\":\"e30=\"}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("cloud event io.choria.machine.v1.transition has no JSON data object");
    }
}

package mms.watcher.httpswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mms.event.EventData;
import mms.http.AgentHttpServer;
import mms.http.Routes;
import mms.json.Json;
import mms.watcher.FakeMachine;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The httpswitch watcher behind a real HTTP listener on loopback, driven by the JDK's HTTP client. */
class HttpSwitchWatcherTest {
    private static final String SWITCH = "/choria/machine/switch/v1/lamp/power";
    private static final String HOME_ASSISTANT = "/choria/homeassistant/switch/v1/lamp/power";

    @TempDir
    Path dir;

    private final Routes routes = new Routes();
    private final HttpClient client = HttpClient.newHttpClient();
    private AgentHttpServer server;

    @BeforeAll
    static void patience() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    @BeforeEach
    void listen() throws Exception {
        server = AgentHttpServer.start(new InetSocketAddress("127.0.0.1", 0), Map.of(), Map.of(), routes);
    }

    @AfterEach
    void close() {
        server.close();
        client.close();
    }

    /** A lamp: on and off states, a maintenance state in which the switch is disabled, and "away" where it is inactive. */
    private FakeMachine lamp(String state) {
        return new FakeMachine("lamp", dir, state).identity("node1").edge("turn_on", "on").edge("turn_off", "off")
                .services(WatcherServices.NONE.withHttp(routes));
    }

    private static HttpSwitchWatcher watcher() throws Exception {
        return (HttpSwitchWatcher) new HttpSwitchWatcherFactory().create(
                FakeMachine.settings("power", "httpswitch", List.of("on", "off", "maintenance"), "turn_off", "turn_on",
                        Duration.ZERO),
                new WatcherProperties("httpswitch watcher 'power'", Map.of("on_when", List.of("on"), "off_when", "off",
                        "disable_when", List.of("maintenance"), "annotations", Map.of("room", "hall", "floor", 1))),
                new MachineInfo("lamp", "1.0.0", Path.of("/tmp")));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<SwitchState> statuses(FakeMachine.Run run) {
        return run.published().stream().map(s -> ((HttpSwitchStateNotification) s).status()).toList();
    }

    private static void awaitServed(FakeMachine.Run run) {
        await().until(() -> run.logText().contains("INFO serving the switch at " + SWITCH + " and " + HOME_ASSISTANT));
        run.awaitParked();
    }

    @Test
    void reportsItsStateWithTheFullNotificationAsDetail() throws Exception {
        assertThat(send("GET", SWITCH, null).statusCode()).as("not served before it runs").isEqualTo(404);
        FakeMachine machine = lamp("off");
        try (var run = machine.start(watcher())) {
            awaitServed(run);

            HttpResponse<String> response = send("GET", SWITCH, null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(response.body()).isEqualTo("{\"is_on\":false,\"is_off\":true,\"status\":\"off\",\"detail\":{"
                    + "\"protocol\":\"io.choria.machine.watcher.httpswitch.v1.state\",\"identity\":\"node1\","
                    + "\"id\":\"fake-instance-id\",\"version\":\"1.0.0\",\"timestamp\":1714557600,\"type\":\"httpswitch\","
                    + "\"machine\":\"lamp\",\"name\":\"power\",\"status\":\"off\",\"is_on\":false,"
                    + "\"annotations\":{\"floor\":\"1\",\"room\":\"hall\"}}}");
            assertThat(send("GET", HOME_ASSISTANT, null).body()).isEqualTo("OFF");
            assertThat(statuses(run)).as("off_when at start").containsExactly(SwitchState.OFF);
            assertThat(machine.transitions()).isEmpty();
        }
    }

    @Test
    void switchingOnFiresTheSuccessTransitionAndOffTheFailureTransition() throws Exception {
        FakeMachine machine = lamp("off");
        try (var run = machine.start(watcher())) {
            awaitServed(run);

            HttpResponse<String> on = send("POST", SWITCH, "{\"on\":true}");

            assertThat(on.statusCode()).isEqualTo(200);
            assertThat(on.body()).isEqualTo("{\"is_on\":true}");
            assertThat(machine.transitions()).containsExactly("turn_on");
            assertThat(machine.state()).isEqualTo("on");
            assertThat(send("GET", HOME_ASSISTANT, null).body()).isEqualTo("ON");
            assertThat(run.logText()).contains("INFO switched on over HTTP");
            // the flip publishes, then following the new state (on_when) publishes again
            await().until(() -> statuses(run).size() == 3);

            HttpResponse<String> off = send("POST", HOME_ASSISTANT, "OFF");

            assertThat(off.statusCode()).isEqualTo(200);
            assertThat(off.body()).isEqualTo("OFF");
            assertThat(machine.transitions()).containsExactly("turn_on", "turn_off");
            assertThat(machine.state()).isEqualTo("off");
            assertThat(send("GET", SWITCH, null).body()).startsWith("{\"is_on\":false,\"is_off\":true,\"status\":\"off\"");
            assertThat(run.successes()).isOne();
            assertThat(run.failures()).isOne();
            await().until(() -> statuses(run).size() == 5);
            assertThat(statuses(run)).containsExactly(SwitchState.OFF, SwitchState.ON, SwitchState.ON, SwitchState.OFF,
                    SwitchState.OFF);
        }
    }

    @Test
    void aJsonBodyWithoutOnTurnsItOffAsTheOriginal() throws Exception {
        FakeMachine machine = lamp("on");
        try (var run = machine.start(watcher())) {
            awaitServed(run);

            HttpResponse<String> response = send("POST", SWITCH, "{}");

            assertThat(response.body()).isEqualTo("{\"is_on\":false}");
            assertThat(machine.transitions()).containsExactly("turn_off");
        }
    }

    @Test
    void refusesWhileDisabledOrInactiveWithTheOriginalsReasons() throws Exception {
        FakeMachine machine = lamp("maintenance");
        try (var run = machine.start(watcher())) {
            awaitServed(run);

            HttpResponse<String> disabled = send("POST", SWITCH, "{\"on\":true}");
            assertThat(disabled.statusCode()).isEqualTo(409);
            assertThat(disabled.body()).isEqualTo("watcher is disabled\n");

            machine.state("away");
            run.awaitParked();
            assertThat(send("POST", SWITCH, "{\"on\":true}").body()).isEqualTo("watcher is not in an active state\n");
            HttpResponse<String> inactiveOff = send("POST", HOME_ASSISTANT, "OFF");
            assertThat(inactiveOff.statusCode()).isEqualTo(409);
            assertThat(inactiveOff.body()).isEqualTo("switch is not in an active state\n");

            assertThat(machine.transitions()).isEmpty();
            assertThat(run.published()).isEmpty();
        }
    }

    @Test
    void answersBadRequestsWithoutTouchingTheMachine() throws Exception {
        FakeMachine machine = lamp("off");
        try (var run = machine.start(watcher())) {
            awaitServed(run);

            HttpResponse<String> notJson = send("POST", SWITCH, "on please");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(notJson.body()).startsWith("request body is not JSON: ");
            HttpResponse<String> wrongType = send("POST", SWITCH, "{\"on\":\"yes\"}");
            assertThat(wrongType.statusCode()).isEqualTo(400);
            assertThat(wrongType.body()).isEqualTo("member 'on' of the request body is \"yes\", expected true or false\n");
            assertThat(send("POST", SWITCH, "").body())
                    .isEqualTo("request body is empty, expected {\"on\": true} or {\"on\": false}\n");
            HttpResponse<String> put = send("PUT", SWITCH, "{\"on\":true}");
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.body()).isEqualTo("method PUT is not allowed, only GET and POST\n");

            assertThat(machine.transitions()).isEmpty();
        }
    }

    @Test
    void followsOnWhenAndOffWhenWithoutTransitions() throws Exception {
        FakeMachine machine = lamp("maintenance");
        try (var run = machine.start(watcher())) {
            awaitServed(run);
            assertThat(run.published()).isEmpty();

            machine.state("on");
            await().until(() -> statuses(run).equals(List.of(SwitchState.ON)));
            machine.state("off");
            await().until(() -> statuses(run).equals(List.of(SwitchState.ON, SwitchState.OFF)));
            machine.state("away");
            run.wakeupAndSettle();

            assertThat(statuses(run)).containsExactly(SwitchState.ON, SwitchState.OFF);
            assertThat(machine.transitions()).isEmpty();
        }
    }

    @Test
    void isNoLongerServedOnceItsLoopEnds() throws Exception {
        FakeMachine machine = lamp("off");
        var run = machine.start(watcher());
        awaitServed(run);
        assertThat(send("GET", SWITCH, null).statusCode()).isEqualTo(200);

        run.close();

        assertThat(send("GET", SWITCH, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", HOME_ASSISTANT, "ON").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAnHttpListenerItSaysSoAndFollowsTheMachine() throws Exception {
        FakeMachine machine = new FakeMachine("lamp", dir, "off");
        try (var run = machine.start(watcher())) {
            await().until(() -> statuses(run).equals(List.of(SwitchState.OFF)));

            assertThat(run.logText()).containsExactly("WARN cannot be switched over HTTP: the agent has no HTTP listener "
                    + "(set http_listen); the switch only follows on_when and off_when");
        }
    }

    @Test
    void notificationIsTheOriginalsJsonAndText() throws Exception {
        var n = new HttpSwitchStateNotification(SwitchState.ON, Map.of("b", "2", "a", "1"));
        var data = Json.object();
        n.writeTo(data);

        assertThat(Json.write(data)).isEqualTo("{\"status\":\"on\",\"is_on\":true,\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}");
        assertThat(n.text("node1", "lamp", "power")).isEqualTo("node1 lamp#power previous: on");
        assertThat(HttpSwitchStateNotification.read(new EventData(data, "p"))).isEqualTo(n);
        var empty = Json.object();
        new HttpSwitchStateNotification(SwitchState.UNKNOWN, Map.of()).writeTo(empty);
        assertThat(Json.write(empty)).isEqualTo("{\"status\":\"unknown\",\"is_on\":false,\"annotations\":{}}");
    }

    @Test
    void propertiesAreOptionalAndAcceptASingleState() throws Exception {
        assertThat(HttpSwitchProperties.parse(new WatcherProperties("x", Map.of())))
                .isEqualTo(new HttpSwitchProperties(List.of(), List.of(), List.of(), Map.of()));
        assertThat(HttpSwitchProperties.parse(new WatcherProperties("x", Map.of("ON_WHEN", "on", "annotations",
                Map.of("enabled", true)))))
                .isEqualTo(new HttpSwitchProperties(List.of("on"), List.of(), List.of(), Map.of("enabled", "1")));
    }
}

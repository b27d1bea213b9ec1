package mms.dashboard;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.status.FleetFeed;
import mms.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard serves, over HTTP, from status records in an embedded store. */
class FleetDashboardTest {
    @TempDir
    Path dir;
    KeyValueStore store;
    KeyValueBucket status;
    FleetFeed feed;
    FleetDashboard dashboard;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        store = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
        status = store.createBucket(BucketConfig.of(NodeStatus.BUCKET));
        put(node("web1"));
        feed = FleetFeed.open(store, "MACHINES", "machines");
        assertThat(feed.awaitInitial(Duration.ofSeconds(30))).isTrue();
        dashboard = FleetDashboard.start(feed, store.description(), new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close(); // first: it ends the event streams the client would wait for
        }
        client.close();
        if (feed != null) {
            feed.close();
        }
        store.close();
    }

    static NodeStatus node(String identity) {
        Instant now = Instant.now();
        return new NodeStatus(identity, "0.1.0", now, now, Duration.ofMinutes(1), false, Optional.empty(),
                List.of(new NodeStatus.MachineStatus("web", Optional.of("1.0.0"), Optional.of("running"),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())), 0);
    }

    void put(NodeStatus node) throws Exception {
        status.put(NodeStatus.key(node.identity()), node.toJson().getBytes(UTF_8));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + dashboard.address().getPort() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndItsAssetsFromItsOwnResources() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"dashboard.js\" defer></script>")
                .doesNotContain("http://", "https://");
        assertThat(get("/dashboard.js").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/dashboard.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(get("/favicon.ico").statusCode()).isEqualTo(404);
    }

    @Test
    void fleetJsonIsTheViewAndTheTableOfTheRecords() throws Exception {
        JsonNode snapshot = Json.mapper().readTree(get("/fleet.json").body());

        assertThat(snapshot.path("store").asText()).isEqualTo(store.description());
        assertThat(snapshot.has("reading")).isFalse();
        assertThat(Instant.parse(snapshot.path("time").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(snapshot.path("view").path("nodes").path("live").asInt()).isEqualTo(1);
        assertThat(snapshot.path("view").has("time")).as("the snapshot's time is the view's").isFalse();
        assertThat(snapshot.path("nodes").get(0).path("identity").asText()).isEqualTo("web1");
        assertThat(snapshot.path("nodes").get(0).path("state").asText()).isEqualTo("live");
    }

    @Test
    void eventsSendTheSnapshotAtOnceThenEachChange() throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(uri("/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = response.body().iterator();

        assertThat(nextFleet(lines).path("nodes")).extracting(n -> n.path("identity").asText()).containsExactly("web1");

        put(node("web2"));

        assertThat(nextFleet(lines).path("nodes")).extracting(n -> n.path("identity").asText())
                .containsExactly("web1", "web2");
    }

    /** The data of the next {@code fleet} event. */
    static JsonNode nextFleet(Iterator<String> lines) throws Exception {
        while (lines.hasNext()) {
            if (lines.next().equals("event: fleet")) {
                String data = lines.next();
                assertThat(data).startsWith("data: ");
                return Json.mapper().readTree(data.substring("data: ".length()));
            }
        }
        throw new AssertionError("the event stream ended");
    }
}

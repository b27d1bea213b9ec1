package mms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener serves exactly its endpoints, read-only, and is gone once closed. */
class AgentHttpServerTest {
    static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    final HttpClient client = HttpClient.newHttpClient();
    final AtomicInteger calls = new AtomicInteger();
    AgentHttpServer server;

    AgentHttpServer start(Map<String, Endpoint> endpoints) throws IOException {
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, endpoints);
        return server;
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        InetSocketAddress at = server.address();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    @Test
    void answersItsEndpointsOnTheBoundPort() throws Exception {
        start(Map.of("/hello", () -> {
            calls.incrementAndGet();
            return Response.text(200, "hi\n");
        }));

        HttpResponse<String> response = send("GET", "/hello");

        assertThat(server.address().getPort()).isPositive();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hi\n");
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(calls).hasValue(1);
    }

    @Test
    void everyOtherPathIsNotFound() throws Exception {
        start(Map.of("/hello", () -> Response.text(200, "hi\n")));

        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/hello/more").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/status").body()).isEqualTo("not found: /status\n");
    }

    @Test
    void servesHeadWithoutBodyAndRefusesOtherMethods() throws Exception {
        start(Map.of("/hello", () -> {
            calls.incrementAndGet();
            return Response.text(200, "hi\n");
        }));

        HttpResponse<String> head = send("HEAD", "/hello");
        HttpResponse<String> post = send("POST", "/hello");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(calls).as("a refused method computes nothing").hasValue(1);
    }

    @Test
    void aFailingEndpointAnswersServerErrorAndTheListenerKeepsServing() throws Exception {
        start(Map.of("/broken", () -> {
            throw new IllegalStateException("store exploded");
        }, "/hello", () -> Response.text(200, "hi\n")));

        HttpResponse<String> broken = send("GET", "/broken");

        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("internal error: store exploded\n");
        assertThat(send("GET", "/broken").statusCode()).isEqualTo(500);
        assertThat(send("GET", "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressInUseCannotBeBound() throws Exception {
        start(Map.of());

        assertThatThrownBy(() -> AgentHttpServer.start(server.address(), Map.of())).isInstanceOf(BindException.class);
    }

    @Test
    void closingStopsListening() throws Exception {
        start(Map.of("/hello", () -> Response.text(200, "hi\n")));
        assertThat(send("GET", "/hello").statusCode()).isEqualTo(200);

        server.close();

        assertThatThrownBy(() -> send("GET", "/hello")).isInstanceOf(ConnectException.class);
    }

    @Test
    void everyResponseForbidsCachingSniffingAndForeignContent() throws Exception {
        start(Map.of("/hello", () -> Response.text(200, "hi\n")));

        for (String path : List.of("/hello", "/nowhere")) {
            HttpResponse<String> response = send("GET", path);

            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).startsWith("default-src 'self';"));
        }
    }

    @Test
    void anEventStreamSendsEachEventAsItIsWritten() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of(), Map.of("/events", events -> {
            events.retry(Duration.ofSeconds(2));
            events.send("fleet", "{\"a\":1}");
            next.await();
            events.comment("still here");
            events.send("fleet", "two\nlines");
        }));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/events")).build();

        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = response.body().iterator();

        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
        assertThat(List.of(lines.next(), lines.next(), lines.next(), lines.next(), lines.next()))
                .as("the first event arrives while the stream still runs")
                .containsExactly("retry: 2000", "", "event: fleet", "data: {\"a\":1}", "");
        next.countDown();
        List<String> rest = new ArrayList<>();
        lines.forEachRemaining(rest::add);
        assertThat(rest).containsExactly(": still here", "", "event: fleet", "data: two", "data: lines", "");
    }

    @Test
    void closingEndsTheEventStreamsInProgress() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of(), Map.of("/events", events -> {
            events.send("hello", "");
            streaming.countDown();
            new CountDownLatch(1).await(); // until interrupted
        }));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/events")).build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        streaming.await();

        server.close();

        assertThat(response.body().toList()).containsExactly("event: hello", "data: ", "");
    }

    @Test
    void aPathCannotBeBothAnEndpointAndAnEventStream() {
        assertThatThrownBy(() -> AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of("/x", () -> Response.text(200, "")),
                Map.of("/x", events -> { }))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path /x is both an endpoint and an event stream");
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A route that echoes what it got. */
    static Response echo(Request request) {
        return Response.text(200, request.method() + " " + request.path() + " " + new String(request.body(),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aRouteSeesEveryMethodAndTheBodyWhileItIsServed() throws Exception {
        Routes routes = new Routes();
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of(), Map.of(), routes);
        assertThat(send("GET", "/switch").statusCode()).isEqualTo(404);

        Routes.Registration registration = routes.serve("/switch", AgentHttpServerTest::echo);

        assertThat(send("POST", "/switch", "{\"on\":true}").body()).isEqualTo("POST /switch {\"on\":true}");
        assertThat(send("GET", "/switch").body()).isEqualTo("GET /switch ");
        HttpResponse<String> head = send("HEAD", "/switch");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        registration.close();
        registration.close();
        assertThat(send("POST", "/switch", "x").statusCode()).isEqualTo(404);
    }

    @Test
    void closingAnOldRegistrationLeavesTheOneThatTookThePathOver() throws Exception {
        Routes routes = new Routes();
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of(), Map.of(), routes);
        Routes.Registration old = routes.serve("/switch", request -> Response.text(200, "old"));
        routes.serve("/switch", request -> Response.text(200, "new"));

        old.close();

        assertThat(send("GET", "/switch").body()).isEqualTo("new");
    }

    @Test
    void endpointsWinOverRoutesOfTheSamePath() throws Exception {
        Routes routes = new Routes();
        routes.serve("/healthz", AgentHttpServerTest::echo);
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of("/healthz", () -> Response.text(200, "ok\n")), Map.of(), routes);

        assertThat(send("GET", "/healthz").body()).isEqualTo("ok\n");
        assertThat(send("POST", "/healthz", "x").statusCode()).isEqualTo(405);
    }

    @Test
    void aChangeAskedForByAPageOfAnotherSiteIsRefused() throws Exception {
        Routes routes = new Routes();
        routes.serve("/switch", AgentHttpServerTest::echo);
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of(), Map.of(), routes);
        String self = "http://127.0.0.1:" + server.address().getPort();

        assertThat(send("POST", "/switch", "ON", "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/switch", "ON", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/switch", "ON", "Origin", self).body()).isEqualTo("POST /switch ON");
        assertThat(send("GET", "/switch", "", "Origin", "http://evil.example").statusCode())
                .as("reading is harmless").isEqualTo(200);
    }

    @Test
    void aBodyLargerThanALimitIsRefused() throws Exception {
        Routes routes = new Routes();
        routes.serve("/switch", AgentHttpServerTest::echo);
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of(), Map.of(), routes);

        HttpResponse<String> response = send("POST", "/switch", "x".repeat(Routes.MAX_BODY + 1));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(send("POST", "/switch", "x".repeat(Routes.MAX_BODY)).statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingRouteAnswersServerError() throws Exception {
        Routes routes = new Routes();
        routes.serve("/broken", request -> {
            throw new IllegalStateException("no luck");
        });
        server = AgentHttpServer.start(ANY_LOOPBACK_PORT, Map.of(), Map.of(), routes);

        HttpResponse<String> response = send("POST", "/broken", "");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("internal error: no luck\n");
    }

    @Test
    void routePathsStartWithASlash() {
        assertThatThrownBy(() -> new Routes().serve("switch", AgentHttpServerTest::echo))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("path 'switch' does not start with /");
    }
}

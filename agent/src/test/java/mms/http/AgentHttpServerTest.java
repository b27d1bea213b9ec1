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
import java.util.Map;
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
}

package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import mms.archive.source.ArchiveSource;
import mms.archive.source.ArchiveSources;
import mms.archive.source.HttpSourceOptions;
import mms.archive.source.HttpStatusException;
import mms.digest.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server in this JVM. */
class DownloaderHttpTest {

    private static final byte[] BODY = "pretend this is a tar.gz".repeat(1000).getBytes(StandardCharsets.UTF_8);
    private static final String SHA = Sha256.of(BODY);

    @TempDir
    Path dir;
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> userAgent = new AtomicReference<>();
    private final Downloader downloader = new Downloader();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", ex -> {
            userAgent.set(ex.getRequestHeaders().getFirst("User-Agent"));
            send(ex, 200, BODY);
        });
        server.createContext("/missing", ex -> send(ex, 404, "not found".getBytes()));
        server.createContext("/broken", ex -> send(ex, 500, "oops".getBytes()));
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/ok");
            send(ex, 302, new byte[0]);
        });
        server.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.createContext("/stall-body", ex -> {
            ex.sendResponseHeaders(200, BODY.length);
            OutputStream out = ex.getResponseBody();
            out.write(BODY, 0, 100);
            out.flush();
            await();
            ex.close();
        });
        server.createContext("/stall-headers", ex -> {
            await();
            send(ex, 200, BODY);
        });
        server.createContext("/truncated", ex -> {
            ex.sendResponseHeaders(200, BODY.length);
            OutputStream out = ex.getResponseBody();
            out.write(BODY, 0, BODY.length / 2);
            out.flush();
            ex.close(); // closes the connection with fewer bytes than announced
        });
        server.createContext("/private", ex -> {
            String expected = "Basic " + Base64.getEncoder().encodeToString("bob:s3cret".getBytes(StandardCharsets.UTF_8));
            if (expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 200, BODY);
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"machines\"");
                send(ex, 401, "unauthorized".getBytes());
            }
        });
        server.start();
    }

    private void await() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private ArchiveSource source(String path) throws MalformedURLException {
        return ArchiveSources.of(url(path), HttpSourceOptions.defaults());
    }

    private ArchiveSource source(String path, HttpSourceOptions options) throws MalformedURLException {
        return ArchiveSources.of(url(path), options);
    }

    private void assertNothingLeft() throws IOException {
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void downloadsAndVerifiesTheChecksum() throws Exception {
        DownloadedArchive archive = downloader.download(source("/ok"), dir, SHA, 1 << 20);
        assertThat(archive.sha256()).isEqualTo(SHA);
        assertThat(archive.size()).isEqualTo(BODY.length);
        assertThat(archive.file()).hasBinaryContent(BODY);
        assertThat(archive.file().getFileName().toString()).endsWith("-archive.tgz");
        assertThat(userAgent.get()).isEqualTo(HttpSourceOptions.DEFAULT_USER_AGENT);
    }

    @Test
    void acceptsAnUppercaseChecksum() throws Exception {
        assertThat(downloader.download(source("/ok"), dir, SHA.toUpperCase(), 1 << 20).sha256()).isEqualTo(SHA);
    }

    @Test
    void downloadsABodyOfUnknownLength() throws Exception {
        assertThat(downloader.download(source("/chunked"), dir, SHA, 1 << 20).size()).isEqualTo(BODY.length);
    }

    @Test
    void followsRedirects() throws Exception {
        assertThat(downloader.download(source("/moved"), dir, SHA, 1 << 20).sha256()).isEqualTo(SHA);
    }

    @Test
    void failsOnNotFoundNamingTheStatus() throws Exception {
        assertThatThrownBy(() -> downloader.download(source("/missing"), dir, SHA, 1 << 20))
                .isInstanceOf(ArchiveException.class)
                .hasMessage("download of " + url("/missing") + " failed: http request for " + url("/missing")
                        + " failed with status 404")
                .hasCauseInstanceOf(HttpStatusException.class);
        assertNothingLeft();
    }

    @Test
    void failsOnServerError() throws Exception {
        assertThatThrownBy(() -> downloader.download(source("/broken"), dir, SHA, 1 << 20))
                .hasMessageEndingWith("failed with status 500");
        assertNothingLeft();
    }

    @Test
    void failsWhenTheBodyStallsPastTheTimeout() throws Exception {
        HttpSourceOptions options = HttpSourceOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
        assertThatThrownBy(() -> downloader.download(source("/stall-body", options), dir, SHA, 1 << 20))
                .hasMessage("download of " + url("/stall-body") + " failed: the transfer did not finish within 300ms");
        assertNothingLeft();
    }

    @Test
    void failsWhenHeadersNeverCome() throws Exception {
        HttpSourceOptions options = HttpSourceOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
        assertThatThrownBy(() -> downloader.download(source("/stall-headers", options), dir, SHA, 1 << 20))
                .hasMessageContaining("http request for " + url("/stall-headers") + " timed out: no response within 300ms");
        assertNothingLeft();
    }

    @Test
    void failsOnATruncatedBody() throws Exception {
        assertThatThrownBy(() -> downloader.download(source("/truncated"), dir, SHA, 1 << 20))
                .isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith("download of " + url("/truncated"));
        assertNothingLeft();
    }

    @Test
    void failsOnAWrongChecksumNamingBothDigests() throws Exception {
        String wrong = Sha256.of("other".getBytes());
        assertThatThrownBy(() -> downloader.download(source("/ok"), dir, wrong, 1 << 20))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("checksum mismatch for archive " + url("/ok") + ": expected " + wrong + ", got " + SHA);
        assertNothingLeft();
    }

    @Test
    void rejectsAMalformedChecksumBeforeDownloading() {
        assertThatThrownBy(() -> downloader.download(source("/ok"), dir, "abc", 1 << 20))
                .hasMessage("checksum 'abc' is not a sha-256 digest of 64 hex characters");
    }

    @Test
    void basicAuthRequiredWrongAndRight() throws Exception {
        assertThatThrownBy(() -> downloader.download(source("/private"), dir, SHA, 1 << 20))
                .hasMessageEndingWith("failed with status 401");
        assertThatThrownBy(() -> downloader.download(
                source("/private", HttpSourceOptions.defaults().withBasicAuth("bob", "wrong")), dir, SHA, 1 << 20))
                .hasMessageEndingWith("failed with status 401")
                .hasMessageNotContaining("wrong");
        assertNothingLeft();
        assertThat(downloader.download(source("/private", HttpSourceOptions.defaults().withBasicAuth("bob", "s3cret")),
                dir, SHA, 1 << 20).sha256()).isEqualTo(SHA);
    }

    @Test
    void refusesAnAnnouncedSizeOverMaxSize() throws Exception {
        assertThatThrownBy(() -> downloader.download(source("/ok"), dir, SHA, 1000))
                .hasMessage("download of " + url("/ok") + " refused: it announces " + BODY.length
                        + " bytes, more than max_size of 1000 bytes");
        assertNothingLeft();
    }

    @Test
    void abortsAnUnannouncedBodyOverMaxSize() throws Exception {
        assertThatThrownBy(() -> downloader.download(source("/chunked"), dir, SHA, 1000))
                .hasMessage("download of " + url("/chunked") + " aborted: more than max_size of 1000 bytes received");
        assertNothingLeft();
    }

    @Test
    void failsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/x.tgz";
        assertThatThrownBy(() -> downloader.download(ArchiveSources.of(url, HttpSourceOptions.defaults()), dir, SHA, 1000))
                .hasMessageStartingWith("download of " + url + " failed: http request for " + url + " failed");
        assertNothingLeft();
    }

    @Test
    void describesSourcesWithoutCredentials() throws Exception {
        ArchiveSource s = ArchiveSources.of("https://bob:pw@repo.example.net/a/b.tgz?token=secret", HttpSourceOptions.defaults());
        assertThat(s.description()).isEqualTo("https://repo.example.net/a/b.tgz?…");
    }

    @Test
    void rejectsUnsupportedUrls() {
        assertThatThrownBy(() -> ArchiveSources.of("ftp://host/x.tgz", HttpSourceOptions.defaults()))
                .isInstanceOf(MalformedURLException.class)
                .hasMessage("invalid url ftp://host/x.tgz: unsupported scheme 'ftp', expected http, https, file or nats-os");
        assertThatThrownBy(() -> ArchiveSources.of("file://host/x.tgz", HttpSourceOptions.defaults()))
                .hasMessageContaining("file urls must not name a host");
        assertThatThrownBy(() -> ArchiveSources.of("http://[bad", HttpSourceOptions.defaults()))
                .hasMessageStartingWith("invalid url: ");
        assertThatThrownBy(() -> HttpSourceOptions.defaults().withBasicAuth("bob", null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HttpSourceOptions(Optional.of("bob"), Optional.empty(), false,
                Duration.ofSeconds(1), Duration.ofSeconds(1), "x"))
                .hasMessage("password is required when username is given");
    }

    @Test
    void readsFileUrls() throws Exception {
        Path file = Files.write(dir.resolveSibling(dir.getFileName() + "-src.tgz"), BODY);
        try {
            DownloadedArchive archive = downloader.download(ArchiveSources.of(file.toUri().toString(),
                    HttpSourceOptions.defaults()), dir, SHA, 1 << 20);
            assertThat(archive.file()).hasBinaryContent(BODY);
            Files.delete(archive.file());
            assertThatThrownBy(() -> downloader.download(ArchiveSources.of("file:///nonexistent/x.tgz",
                    HttpSourceOptions.defaults()), dir, SHA, 1 << 20))
                    .hasMessageContaining("/nonexistent/x.tgz").hasMessageContaining("does not exist");
            assertNothingLeft();
        } finally {
            Files.delete(file);
        }
    }
}

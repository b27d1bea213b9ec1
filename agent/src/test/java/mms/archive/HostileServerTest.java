package mms.archive;

import static mms.archive.ScriptedHttpServer.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import mms.archive.source.ArchiveSource;
import mms.archive.source.ArchiveSources;
import mms.archive.source.FileSource;
import mms.archive.source.HttpSourceOptions;
import mms.digest.Sha256;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive downloads from servers that misbehave on purpose: endless, stalled and trickling bodies,
 * redirect loops, redirects to {@code file:} and to other hosts, lying {@code Content-Length},
 * broken chunking, huge headers and an unasked-for {@code Content-Encoding}. Each download ends
 * within its one-second timeout (the class times out long before a hang could pass) with an error
 * naming the source without its query string and the reason; nothing is written outside the
 * target, the installed version keeps verifying and no work directory is left. Credentials never
 * reach another host.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long MAX_SIZE = 256 * 1024;
    private static final String USER = "bob";
    private static final String PASSWORD = "hunter2-pw";
    private static final String TOKEN = "query-token-s3cr3t";
    private static final String SUMS = Sha256.of("old".getBytes(StandardCharsets.UTF_8)) + "  data.txt\n";

    private static final byte[] NEW_VERSION = TarWriter.posix().dir("app/").file("app/data.txt", "new").tgz();

    @TempDir
    Path root;
    private Path target;
    private Installer installer;
    private ScriptedHttpServer server;
    private ScriptedHttpServer otherHost;

    @BeforeEach
    void installAVersionAndStartTheServers() throws Exception {
        target = Files.createDirectories(root.resolve("machines"));
        installer = new Installer(target, "app");
        byte[] old = TarWriter.posix().dir("app/").file("app/data.txt", "old").file("app/SHA256SUMS", SUMS).tgz();
        Path file = Files.write(root.resolve("old.tgz"), old);
        new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS)
                .deploy(new FileSource(file), Sha256.of(old), Optional.empty());
        Files.delete(file);
        server = new ScriptedHttpServer("127.0.0.1");
        otherHost = new ScriptedHttpServer("127.0.0.2");
    }

    @AfterEach
    void stopTheServers() throws Exception {
        server.close();
        otherHost.close();
    }

    private ArchiveSource source(String path) throws Exception {
        return ArchiveSources.of(server.url(path) + "?token=" + TOKEN, HttpSourceOptions.defaults()
                .withBasicAuth(USER, PASSWORD).withTimeouts(TIMEOUT, TIMEOUT));
    }

    /** What the error must start with: the source as it may be shown. */
    private String shown(String path) {
        return server.url(path) + "?…";
    }

    private Deployment deploy(String path, byte[] expected) throws Exception {
        return new ArchiveDeployer(installer, new Downloader(), new ArchiveLimits(MAX_SIZE, 1 << 20, 100, false))
                .deploy(source(path), Sha256.of(expected), Optional.empty());
    }

    /** Deploys {@code path}, expecting NEW_VERSION's checksum, and checks everything the failure must leave. */
    private AbstractThrowableAssert<?, ? extends Throwable> assertFails(String path) throws Exception {
        List<Path> before = everything();
        Throwable thrown = catchThrowable(() -> deploy(path, NEW_VERSION));
        assertThat(thrown).isInstanceOf(ArchiveException.class)
                .hasMessageContaining(shown(path))
                .hasMessageNotContaining(TOKEN)
                .hasMessageNotContaining(PASSWORD);
        assertThat(everything()).as("nothing added or removed anywhere").isEqualTo(before);
        assertThat(installer.verifyInstalled("SHA256SUMS", Sha256.of(SUMS.getBytes(StandardCharsets.UTF_8)), true).ok())
                .isTrue();
        return assertThat(thrown);
    }

    private List<Path> everything() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.sorted().toList();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void serveArchive(OutputStream out, byte[] body, String... extraHeaders) throws IOException {
        String[] headers = Stream.concat(Stream.of("Content-Length: " + body.length), Stream.of(extraHeaders))
                .toArray(String[]::new);
        out.write(head(200, headers));
        out.write(body);
    }

    @Test
    void stopsAnEndlessBodyAtMaxSize() throws Exception {
        server.on("/endless", (request, out) -> {
            out.write(head(200, "Transfer-Encoding: chunked"));
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
            }
        });
        assertFails("/endless").hasMessageContaining("aborted: more than max_size of " + MAX_SIZE + " bytes received");
    }

    @Test
    void refusesAnAnnouncedLengthOverMaxSizeBeforeReadingTheBody() throws Exception {
        server.on("/huge", (request, out) -> {
            out.write(head(200, "Content-Length: " + (1L << 40)));
            server.hold();
        });
        assertFails("/huge").hasMessageContaining("refused: it announces 1099511627776 bytes, more than max_size");
    }

    @Test
    void endsABodyThatStallsHalfwayAtTheTimeout() throws Exception {
        server.on("/stall", (request, out) -> {
            out.write(head(200, "Content-Length: " + NEW_VERSION.length));
            out.write(NEW_VERSION, 0, NEW_VERSION.length / 2);
            out.flush();
            server.hold();
        });
        assertFails("/stall").hasMessageContaining("failed: the transfer did not finish within 1s");
    }

    @Test
    void endsATrickleOfOneBytePerSecondAtTheTimeout() throws Exception {
        server.on("/trickle", (request, out) -> {
            out.write(head(200, "Content-Length: " + NEW_VERSION.length));
            for (byte b : NEW_VERSION) {
                out.write(b);
                out.flush();
                Thread.sleep(1000); // the server's pace, not a synchronisation
            }
        });
        assertFails("/trickle").hasMessageContaining("failed: the transfer did not finish within 1s");
    }

    @Test
    void endsHeadersThatNeverFinishAtTheTimeout() throws Exception {
        server.on("/slow-headers", (request, out) -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            server.hold();
        });
        assertFails("/slow-headers").hasMessageContaining("timed out: no response within 1s");
    }

    @Test
    void givesUpOnARedirectLoop() throws Exception {
        server.on("/loop", (request, out) -> out.write(head(302, "Location: /loop?again", "Content-Length: 0")));
        assertFails("/loop").hasMessageMatching(".*failed with status 302: gave up after \\d+ redirects \\(a loop\\?\\), the next to "
                + java.util.regex.Pattern.quote(shown("/loop")));
    }

    @Test
    void refusesARedirectToAFileUrl() throws Exception {
        server.on("/to-file", (request, out) -> out.write(head(302, "Location: file:///etc/passwd", "Content-Length: 0")));
        assertFails("/to-file").hasMessageContaining("failed with status 302: redirected to file:///etc/passwd, only http and https are followed");
    }

    @Test
    void followsARedirectOnTheSameServerWithTheCredentials() throws Exception {
        server.on("/moved", (request, out) -> out.write(head(301, "Location: /archive.tgz", "Content-Length: 0")));
        server.on("/archive.tgz", (request, out) -> {
            if (request.header("Authorization").equals(Optional.of(basic(USER, PASSWORD)))) {
                serveArchive(out, NEW_VERSION);
            } else {
                out.write(head(401, "Content-Length: 0"));
            }
        });
        deploy("/moved", NEW_VERSION);
        assertThat(target.resolve("app/data.txt")).hasContent("new");
    }

    @Test
    void neverSendsTheCredentialsToAnotherHostItRedirectsTo() throws Exception {
        otherHost.on("/mirror.tgz", (request, out) -> serveArchive(out, NEW_VERSION));
        server.on("/elsewhere", (request, out) ->
                out.write(head(302, "Location: " + otherHost.url("/mirror.tgz"), "Content-Length: 0")));

        deploy("/elsewhere", NEW_VERSION);

        assertThat(server.requests()).first().satisfies(r ->
                assertThat(r.header("Authorization")).contains(basic(USER, PASSWORD)));
        assertThat(otherHost.requests()).singleElement().satisfies(r ->
                assertThat(r.header("Authorization")).isEmpty());
        assertThat(target.resolve("app/data.txt")).hasContent("new");
    }

    @Test
    void neverSendsTheCredentialsToAnotherNameOfTheSameAddress() throws Exception {
        server.on("/by-name", (request, out) -> out.write(head(302,
                "Location: http://localhost:" + server.port() + "/named.tgz", "Content-Length: 0")));
        server.on("/named.tgz", (request, out) -> {
            if (request.header("Authorization").isPresent()) {
                out.write(head(400, "Content-Length: 0"));
            } else {
                serveArchive(out, NEW_VERSION);
            }
        });
        deploy("/by-name", NEW_VERSION);
        assertThat(server.requests()).last().satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
    }

    @Test
    void notAfterBouncingBackEither() throws Exception {
        otherHost.on("/bounce", (request, out) ->
                out.write(head(302, "Location: " + server.url("/back.tgz"), "Content-Length: 0")));
        server.on("/away", (request, out) -> out.write(head(302, "Location: " + otherHost.url("/bounce"), "Content-Length: 0")));
        server.on("/back.tgz", (request, out) -> serveArchive(out, NEW_VERSION));
        deploy("/away", NEW_VERSION);
        assertThat(otherHost.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
        assertThat(server.requests()).last().satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
    }

    @Test
    void failsOnAContentLengthShorterThanTheBody() throws Exception {
        server.on("/short-length", (request, out) -> {
            out.write(head(200, "Content-Length: " + (NEW_VERSION.length - 10)));
            out.write(NEW_VERSION);
        });
        assertFails("/short-length").hasMessageContaining("checksum mismatch for archive");
    }

    @Test
    void failsOnAContentLengthLongerThanTheBody() throws Exception {
        server.on("/long-length", (request, out) -> {
            out.write(head(200, "Content-Length: " + (NEW_VERSION.length + 100), "Connection: close"));
            out.write(NEW_VERSION);
            out.close();
        });
        assertFails("/long-length").hasMessageContaining("failed: fixed content-length: " + (NEW_VERSION.length + 100)
                + ", bytes received: " + NEW_VERSION.length);
    }

    @Test
    void failsOnAContentLengthLongerThanTheBodyThatThenStalls() throws Exception {
        server.on("/long-stall", (request, out) -> {
            out.write(head(200, "Content-Length: " + (NEW_VERSION.length + 100)));
            out.write(NEW_VERSION);
            out.flush();
            server.hold();
        });
        assertFails("/long-stall").hasMessageContaining("failed: the transfer did not finish within 1s");
    }

    @Test
    void failsOnAMalformedChunkSize() throws Exception {
        server.on("/bad-chunk", (request, out) -> {
            out.write(head(200, "Transfer-Encoding: chunked"));
            out.write("zz\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertFails("/bad-chunk").hasMessageContaining("failed: Illegal character in chunk size");
    }

    @Test
    void failsOnAChunkedBodyCutBeforeItsLastChunk() throws Exception {
        server.on("/cut-chunks", (request, out) -> {
            out.write(head(200, "Transfer-Encoding: chunked", "Connection: close"));
            out.write((Integer.toHexString(NEW_VERSION.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(NEW_VERSION, 0, NEW_VERSION.length / 2);
            out.close();
        });
        assertFails("/cut-chunks").hasMessageContaining("reading the body of " + shown("/cut-chunks")
                + " failed: chunked transfer encoding");
    }

    @Test
    void failsOnAChunkLongerThanAnnounced() throws Exception {
        server.on("/overlong-chunk", (request, out) -> {
            out.write(head(200, "Transfer-Encoding: chunked"));
            out.write("5\r\nhello world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        // the JDK client finds the bad chunk while the body is read or, when the chunk arrives with
        // the headers, before it hands over the response: either way the download fails saying why
        assertFails("/overlong-chunk").hasMessageContaining(shown("/overlong-chunk") + " failed: ")
                .hasMessageContaining("Illegal character in chunk size");
    }

    @Test
    void failsOnAHugeHeader() throws Exception {
        server.on("/huge-header", (request, out) -> {
            out.write(head(200, "X-Padding: " + "p".repeat(8 << 20), "Content-Length: " + NEW_VERSION.length));
            out.write(NEW_VERSION);
        });
        assertFails("/huge-header").hasMessageContaining("failed: java.net.ProtocolException: Header size too big");
    }

    @Test
    void failsOnEndlessHeaders() throws Exception {
        server.on("/endless-headers", (request, out) -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = ("X-More: " + "m".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(line);
            }
        });
        assertFails("/endless-headers").hasMessageContaining("failed: java.net.ProtocolException: Header size too big");
    }

    @Test
    void failsOnAnAnswerThatIsNotHttp() throws Exception {
        server.on("/garbage", (request, out) -> {
            out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.close();
        });
        assertFails("/garbage").hasMessageContaining("failed: java.net.ProtocolException: Invalid status line");
    }

    @Test
    void savesAnArchiveLabelledContentEncodingGzipAsServed() throws Exception {
        // a common server setting labels .tar.gz files "Content-Encoding: gzip": the bytes are the archive
        server.on("/labelled.tgz", (request, out) -> serveArchive(out, NEW_VERSION, "Content-Encoding: gzip"));
        deploy("/labelled.tgz", NEW_VERSION);
        assertThat(target.resolve("app/data.txt")).hasContent("new");
        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.header("Accept-Encoding")).isEmpty());
    }

    @Test
    void failsOnAnArchiveCompressedAgainWithoutBeingAsked() throws Exception {
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(twice)) {
            gzip.write(NEW_VERSION);
        }
        server.on("/gzipped-again", (request, out) -> serveArchive(out, twice.toByteArray(), "Content-Encoding: gzip"));
        assertFails("/gzipped-again").hasMessageContaining("checksum mismatch for archive");
    }
}

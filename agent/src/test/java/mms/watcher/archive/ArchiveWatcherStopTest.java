package mms.watcher.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import mms.archive.bundle.MachineBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A machine stopped in the middle of a check (its manager is replaced or purged) ends the check
 * quietly: a check cut short by the stop is no failure to report, log or transition on.
 */
class ArchiveWatcherStopTest extends ArchiveMachineHarness {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void closeServer() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aMachineStoppedDuringADownloadReportsNoFailure() throws Exception {
        CountDownLatch midBody = new CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        MachineBundle bundle = bundle("1.0.0", "one", "http://127.0.0.1:" + server.getAddress().getPort() + "/repo");
        byte[] archive = Files.readAllBytes(bundle.archive());
        server.createContext("/repo/", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(archive, 0, archive.length / 2);
                body.flush();
                midBody.countDown();
                release.await();
            } catch (InterruptedException | java.io.IOException e) {
                // the client went away
            }
        });
        use(bundle);
        load("");
        assertThat(midBody.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        stopMachine();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(outcomes()).doesNotContain("error"));
        assertThat(transitions()).doesNotContain("broke");
    }
}

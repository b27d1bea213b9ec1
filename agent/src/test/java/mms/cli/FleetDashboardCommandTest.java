package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mms fleet dashboard} says when it cannot serve; the page itself is FleetDashboardBrowserTest's. */
class FleetDashboardCommandTest {
    @TempDir
    Path dir;

    CliRun dashboard(String listen) {
        return CliRun.run("fleet", "dashboard", "--store", "sqlite:" + dir.resolve("kv.db"), "--listen", listen);
    }

    @Test
    void anAddressInUseIsAnErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = dashboard("127.0.0.1:" + taken.getLocalPort());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("mms: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use\n");
        }
    }

    @Test
    void aListenValueThatIsNotHostAndPortIsAUsageError() {
        CliRun run = dashboard("8080");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("mms: --listen '8080' is not HOST:PORT: the port is missing, e.g. "
                + "127.0.0.1:9464\n");
    }

    @Test
    void aHostThatDoesNotResolveIsAnError() {
        CliRun run = dashboard("no-such-host.invalid:8080");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("mms: cannot listen on no-such-host.invalid:8080: host no-such-host.invalid "
                + "does not resolve\n");
    }
}

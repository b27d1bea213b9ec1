package mms.watcher.metric;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Sends metrics to Graphite in carbon's plain text protocol, as the original does: one TCP
 * connection per run (connect timeout 2s), one line {@code <prefix>.<name> <value> <time>} per
 * metric, values with six decimals.
 */
final class Graphite {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private Graphite() {}

    /**
     * Sends {@code metrics} gathered at {@code time} (Unix seconds).
     *
     * @throws IOException when the host cannot be reached or the lines cannot be written
     */
    static void send(String host, int port, String prefix, Map<String, Double> metrics, long time) throws IOException {
        StringBuilder lines = new StringBuilder();
        metrics.forEach((name, value) -> lines.append(prefix).append('.').append(name).append(' ')
                .append(String.format(Locale.ROOT, "%f", value)).append(' ').append(time).append('\n'));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}

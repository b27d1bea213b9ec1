package mms.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mms.http.AgentHttpServer;
import mms.http.Endpoint;
import mms.http.EventStream;
import mms.http.Response;
import mms.status.FleetFeed;

/**
 * The fleet dashboard: a page that shows the fleet a {@link FleetFeed} reads, live. It serves
 * <ul>
 *   <li>{@code /}: the page, with {@code /dashboard.css} and {@code /dashboard.js}, resources of
 *       this package (nothing from elsewhere: the listener's content security policy forbids it);
 *   <li>{@code /fleet.json}: the latest snapshot (see {@link FleetSnapshots}), for scripts too;
 *   <li>{@code /events}: server-sent events, {@code fleet} with the snapshot when the page connects
 *       and whenever it changes, and a comment every {@value #KEEP_ALIVE_SECONDS} seconds otherwise.
 * </ul>
 * Server-sent events rather than polling: a change reaches every open page within a second of
 * reaching the store, a quiet fleet costs nothing (a snapshot of a thousand nodes is a few hundred
 * kilobytes), and the browser's {@code EventSource} reconnects by itself when the dashboard
 * restarts. Thread safe.
 */
public final class FleetDashboard implements AutoCloseable {
    /** Seconds between two keep-alive comments on an idle event stream. */
    static final int KEEP_ALIVE_SECONDS = 15;
    /** How long a page waits before it reconnects after losing the stream. */
    static final Duration RECONNECT = Duration.ofSeconds(2);

    private final FleetSnapshots snapshots;
    private final AgentHttpServer server;

    private FleetDashboard(FleetSnapshots snapshots, AgentHttpServer server) {
        this.snapshots = snapshots;
        this.server = server;
    }

    /**
     * Binds {@code address} and serves the dashboard of {@code feed} until {@link #close()}.
     *
     * @param feed    the fleet, not null; it stays the caller's to close, after the dashboard
     * @param store   the store's description, shown on the page ({@code KeyValueStore#description}), not null
     * @param address where to listen; port 0 picks a free port ({@link #address()} tells which)
     * @throws IOException when the address cannot be bound (in use, not local, not permitted)
     */
    public static FleetDashboard start(FleetFeed feed, String store, InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        Map<String, Endpoint> endpoints = Map.of(
                "/", asset("index.html", "text/html; charset=utf-8"),
                "/dashboard.css", asset("dashboard.css", "text/css; charset=utf-8"),
                "/dashboard.js", asset("dashboard.js", "text/javascript; charset=utf-8"));
        FleetSnapshots snapshots = FleetSnapshots.follow(feed, store, InstantSource.system());
        try {
            AgentHttpServer server = AgentHttpServer.start(address, withJson(endpoints, snapshots),
                    Map.of("/events", events(snapshots)));
            return new FleetDashboard(snapshots, server);
        } catch (IOException | RuntimeException e) {
            snapshots.close();
            throw e;
        }
    }

    /** The address it listens on, with the port it was given when asked for port 0. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Stops serving (open pages lose their stream) and stops following the feed. Idempotent. */
    @Override
    public void close() {
        server.close();
        snapshots.close();
    }

    private static Map<String, Endpoint> withJson(Map<String, Endpoint> assets, FleetSnapshots snapshots) {
        Map<String, Endpoint> all = new java.util.HashMap<>(assets);
        all.put("/fleet.json", () -> Response.json(200, snapshots.latest().json()));
        return all;
    }

    /** The stream of one page: the latest snapshot at once, then each newer one. */
    private static EventStream events(FleetSnapshots snapshots) {
        return events -> {
            events.retry(RECONNECT);
            long seen = 0;
            while (true) {
                Optional<FleetSnapshots.Snapshot> next = snapshots.awaitNewer(seen,
                        Duration.ofSeconds(KEEP_ALIVE_SECONDS));
                if (next.isPresent()) {
                    events.send("fleet", next.get().json());
                    seen = next.get().version();
                } else {
                    events.comment("keep-alive");
                }
            }
        };
    }

    /** A resource of this package, read once, as a constant response. */
    private static Endpoint asset(String name, String contentType) {
        byte[] body;
        try (InputStream in = FleetDashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource mms/dashboard/" + name + " is missing from the class path");
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource mms/dashboard/" + name + ": " + e.getMessage(), e);
        }
        Response response = new Response(200, contentType, body);
        return () -> response;
    }
}

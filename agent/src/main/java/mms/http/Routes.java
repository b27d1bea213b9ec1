package mms.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paths of the agent's HTTP listener that come and go while it runs: the watchers that are
 * reached over HTTP (httpswitch) serve their paths here while they run. One table per agent,
 * handed to the {@link AgentHttpServer} and, through the watcher services, to the machines. Paths
 * are exact; a path not served answers 404. Thread safe.
 */
public final class Routes {
    /** The largest request body a route receives; larger ones are answered with 413. */
    public static final int MAX_BODY = 64 * 1024;

    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();

    /** A path being served; closing it stops serving. */
    public interface Registration extends AutoCloseable {

        /** Stops serving the path, unless another handler took it over since; idempotent, never throws. */
        @Override
        void close();
    }

    /**
     * Serves {@code handler} at {@code path} until the returned registration is closed. A later
     * registration of the same path takes it over (a machine that is reloaded registers again).
     *
     * @param path    the exact path, starting with {@code /}
     * @param handler what answers, not null
     * @return the registration, to close when the handler should no longer be reached
     * @throws IllegalArgumentException when {@code path} does not start with {@code /}
     */
    public Registration serve(String path, RequestHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' does not start with /");
        }
        handlers.put(path, handler);
        return () -> handlers.remove(path, handler);
    }

    /** The handler serving {@code path} now. */
    public Optional<RequestHandler> find(String path) {
        return Optional.ofNullable(handlers.get(path));
    }
}

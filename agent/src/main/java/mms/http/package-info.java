/**
 * The agent's opt-in HTTP listener ({@link mms.http.AgentHttpServer}, setting {@code http_listen}):
 * a fixed set of read-only endpoints ({@code /metrics}, {@code /healthz}, and whatever else the
 * agent registers), each a {@link mms.http.Endpoint} that computes its {@link mms.http.Response}
 * from what the agent already knows; machines never wait for them. The fleet dashboard serves its
 * page on the same listener, with an {@link mms.http.EventStream}
 * ({@link mms.http.ServerSentEvents}) that pushes each change to open pages. Watchers that are
 * reached over HTTP (httpswitch) serve {@link mms.http.Routes} while they run: the only paths that
 * may change something, and only when a machine declares such a watcher.
 */
package mms.http;

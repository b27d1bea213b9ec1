/**
 * The agent's opt-in HTTP listener ({@link mms.http.AgentHttpServer}, setting {@code http_listen}):
 * a fixed set of read-only endpoints ({@code /metrics}, {@code /healthz}, and whatever else the
 * agent registers), each a {@link mms.http.Endpoint} that computes its {@link mms.http.Response}
 * from what the agent already knows. It never changes anything and machines never wait for it.
 */
package mms.http;

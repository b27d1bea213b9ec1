/**
 * The agent's composition root. {@link mms.agent.Agent#start} turns a resolved
 * {@link mms.config.AgentConfig} into a running agent: its event sinks, its one store session
 * (whose facets — buckets, governors, object storage, messages — are everything watchers use), the
 * services record watchers receive ({@link mms.watcher.WatcherServices}), the compiled-in machines
 * (the built-in manager among them), the {@link mms.host.Host} that runs the machines directory and,
 * with {@code http_listen}, its metrics ({@link mms.metrics.AgentMetrics}, one more event sink) and
 * the HTTP listener that serves them ({@link mms.http.AgentHttpServer}).
 * The commands ({@code mms agent}, {@code mms machine run}) only resolve settings, configure logging
 * and call it; everything that must exist once per agent is made here, once.
 */
package mms.agent;

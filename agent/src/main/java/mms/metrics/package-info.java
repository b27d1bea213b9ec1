/**
 * The agent's Prometheus metrics ({@link mms.metrics.AgentMetrics}): what its machines do, counted
 * from the events and run reports every machine already delivers to the agent's event sinks, what
 * its governed runs wait for, the state of its store, and the JVM. Watchers know nothing of
 * Prometheus; the agent serves the metrics on {@code /metrics} when {@code http_listen} is set.
 */
package mms.metrics;

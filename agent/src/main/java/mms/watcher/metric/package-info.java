/**
 * The {@code metric} watcher: runs a command periodically and turns its output — the original's
 * JSON metric format or Nagios performance data — into gauges, written to the original's
 * {@code choria_machine_metrics_watcher_status.prom} for node_exporter, served on the agent's
 * {@code /metrics} under the same names, sent to Graphite, kept in machine data and published as
 * the original's state event.
 */
package mms.watcher.metric;

/**
 * The {@code nagios} watcher, the agent side of Choria Scout: runs a Nagios plugin (exit codes
 * 0–3 are OK, WARNING, CRITICAL, UNKNOWN) or a builtin check ({@code heartbeat}, {@code goss}
 * through the {@code goss} program, {@code choria_status} over the agent's own health) every
 * interval, parses the performance data after {@code |}, keeps a short history, publishes the
 * original's state event, writes the original's
 * {@code choria_machine_nagios_watcher_status.prom} for node_exporter, and moves the machine to the
 * state named after the status. Plugin commands are templates with the Scout overrides function
 * {@code o}, run without a shell like exec commands ({@link mms.watcher.MachineCommand}).
 */
package mms.watcher.nagios;

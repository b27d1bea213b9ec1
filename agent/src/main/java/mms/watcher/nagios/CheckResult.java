package mms.watcher.nagios;

/**
 * What one check found: its status and its output as a Nagios plugin writes it
 * ({@code TEXT|perfdata}), before trimming.
 *
 * @param status the status
 * @param output the output
 */
record CheckResult(NagiosStatus status, String output) {}

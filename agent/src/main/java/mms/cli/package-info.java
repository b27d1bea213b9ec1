/**
 * The {@code mms} command line: one small picocli class per subcommand. Failures print a message,
 * not a stack trace ({@code --debug} shows it), and exit non-zero: 1 when the work failed or found
 * problems, 2 for a usage error. The operator's workflow, {@code mms spec}, publishes through
 * one {@link mms.cli.Publication}; {@code mms fleet status --wait} and {@code mms spec publish
 * --wait} follow a rollout through one {@link mms.cli.FleetWait}.
 */
package mms.cli;

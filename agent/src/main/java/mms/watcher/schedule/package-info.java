/**
 * The {@code schedule} watcher: a switch that cron schedules turn on for a fixed duration, used to
 * keep a machine in a state only during maintenance windows and similar. It includes a small
 * five-field cron parser and next-fire calculator ({@link mms.watcher.schedule.CronExpression})
 * compatible with the original's cron library minus descriptors. Schedules are evaluated in the
 * machine clock's zone; the watcher fires at the scheduled minute (the original fired about a
 * second early) and applies the default duration before anything uses it.
 */
package mms.watcher.schedule;

/**
 * Time as the runtime sees it. Every wait in a machine (watcher intervals, timers, schedules,
 * storm-protection backoff, splay) goes through a {@link TimeSource} and a {@link Wakeup}, so tests
 * drive time with a manual source instead of sleeping, and a stopped machine's waits end at once.
 */
package mms.time;

/**
 * Time as the runtime sees it. Every wait in a machine (watcher intervals, timers, schedules,
 * storm-protection backoff, splay) goes through a {@link TimeSource} and a {@link Wakeup}, so tests
 * drive time with a manual source instead of sleeping, and a stopped machine's waits end at once.
 * What repeats on failure is paced and reported by two helpers: {@link Backoff} says how long to
 * wait before the next try, {@link FailureSeries} how loudly to report a failure (in full when it
 * is new, then a reminder now and then), for watcher loops and NATS connections alike.
 */
package mms.time;

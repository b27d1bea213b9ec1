/**
 * The {@code timer} watcher: a countdown that starts when the machine enters one of the watched
 * states, restarts on every state change among them, stops when the machine leaves them, and fires
 * {@code fail_transition} when it runs out. It is the building block for "leave this state after
 * N minutes" machines. The countdown is a deadline kept by the watcher's single loop on the
 * machine's clock, which removes the restart/expiry races of the original's timer tasks and lets
 * tests move time instead of sleeping.
 */
package mms.watcher.timer;

/**
 * Running machines. {@link MachineLoader} turns a manifest into a {@link Machine}, validating
 * everything (including watcher types and properties) before anything runs; {@link Machine} is
 * the finite state machine with its watchers on virtual threads, storm protection, wake-ups on
 * state, data and facts changes, watcher runs that are started again (after a jittered backoff) when they
 * fail unexpectedly, and a stop that waits until every watcher loop has ended.
 *
 * <p>Locking: a machine holds only its own transition lock while changing state and never calls
 * into the host while holding it except to hand off work (events to sinks, subscriptions to an
 * executor), so the host/machine lock-order deadlock of the original cannot happen.
 */
package mms.runtime;

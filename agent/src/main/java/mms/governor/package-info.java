/**
 * The agent's side of governors (fleet-wide concurrency limits): the governors themselves, their
 * slots and the wait for one are a facet of the store ({@link mms.kv.GovernorStorage}, from
 * {@link mms.kv.KeyValueStore#governors()}, on the store's one connection); this package adds what
 * only the agent and the {@code mms governor} verbs need. {@link mms.governor.Governor} pairs the
 * store's governors with where lifecycle events go; {@link mms.governor.GovernorEvent} is such an
 * event (plain Choria JSON, protocol {@code io.choria.lifecycle.v1.governor}) and a
 * {@link mms.governor.GovernorEventSink} delivers it: to the log, to a test, or on its NATS subject
 * through the store ({@link mms.governor.GovernorEventSink#publishedOn}). Watchers take their
 * slots through {@link mms.watcher.GovernedRun}.
 */
package mms.governor;

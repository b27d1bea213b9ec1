/**
 * What machines tell the world: transition and watcher-state notifications with the original's
 * protocols, JSON members (in its order) and text forms, wrapped as CloudEvents 1.0 in structured
 * JSON mode so that consumers of go-choria's events decode ours unchanged. Where they go is up to
 * {@link EventSink}s: the log, a JSON-lines file, and with a NATS store the original's subjects
 * ({@link EventBus}, a bounded outbox that never holds a machine up).
 */
package mms.event;

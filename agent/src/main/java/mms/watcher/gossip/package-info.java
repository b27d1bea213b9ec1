/**
 * The {@code gossip} watcher: while the machine is in a watched state it publishes a message on
 * the agent's NATS connection at once and then every {@code interval} (default 15s), either a
 * {@code subject}/{@code payload} pair (both templates) or a service {@code registration}, which
 * goes to {@code $KV.CHORIA_SERVICES.<cluster>.<protocol>.<service>.<instance id>}: a key of the
 * original's service registry bucket {@code CHORIA_SERVICES}, when that bucket exists. Subjects,
 * payloads, the registration JSON and the {@code Nats-TTLSeconds} header are the original's byte
 * for byte.
 *
 * <p>It publishes through the store's {@link mms.kv.Messages}, never a connection of its own; on
 * a store without a message bus (SQLite) it loads and runs, and reports once that it cannot
 * publish, as the original logs when it has no connection. Compared with the original: a
 * templated subject is checked after rendering rather than rejected for its spaces; registration
 * annotations are rendered one by one and then encoded, so a rendered value cannot break the JSON;
 * a problem is logged when it starts rather than on every interval; and one INFO line marks
 * starting and stopping, the publications themselves are DEBUG.
 */
package mms.watcher.gossip;

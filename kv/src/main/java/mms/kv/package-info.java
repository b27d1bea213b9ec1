/**
 * One Key-Value API over two engines: embedded SQLite (a single host; the agent and the CLI share
 * one database file) and NATS JetStream KV (fleets; one server or a cluster). A
 * {@link mms.kv.KeyValueStore} is an open connection to a store and manages buckets; a
 * {@link mms.kv.KeyValueBucket} reads, writes and watches the keys of one bucket. Both engines
 * give the same observable behaviour: revisions grow monotonically per bucket, each key keeps at
 * most {@code history} entries, deletes and purges leave markers that {@code history} shows and
 * {@code get} hides, {@code create} succeeds on an absent or deleted key, {@code update} is a
 * compare-and-set on the key's last revision, and a watch can deliver current values first, then
 * an end-of-initial-data signal, then changes. Open a store with
 * {@link mms.kv.KeyValueStores#open(String, ConnectOptions)}; no NATS or JDBC type appears in
 * this package. A NATS store also offers its object store buckets ({@link mms.kv.ObjectStorage},
 * from {@link mms.kv.KeyValueStore#objects()}) for whole files such as machine archives, and core
 * NATS messages, published and subscribed to ({@link mms.kv.Messages}, from
 * {@link mms.kv.KeyValueStore#messages()}). Every store offers its governors
 * ({@link mms.kv.GovernorStorage}, from {@link mms.kv.KeyValueStore#governors()}): named limits on
 * how many holders work at once, fleet-wide on NATS and across the processes of one host on
 * SQLite; {@code enter} waits for a {@link mms.kv.Slot} (with the original's jittered "FiveSec"
 * {@link mms.kv.Backoff}), which keeps itself alive while held. All of these work on the store's
 * one connection. All failures are {@link mms.kv.KvException}s, with the underlying cause kept.
 */
package mms.kv;

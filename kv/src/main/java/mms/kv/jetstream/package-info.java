/**
 * The fleet engine: NATS JetStream Key-Value through jnats, the only package that imports
 * {@code io.nats}. A bucket is the stream {@code KV_<bucket>} with subjects {@code $KV.<bucket>.>}
 * exactly as the NATS CLI and {@code choria kv} create it, so buckets are shared with those tools.
 * The mapping is direct: revisions are stream sequences, delete and purge are the KV markers
 * ({@code KV-Operation: DEL/PURGE}, purge as a per-key rollup), {@code update} publishes with the
 * expected last subject sequence and {@code create} is jnats' create, which retries on a delete or
 * purge marker. A watch is a jnats ordered push consumer that this package supervises: jnats re-creates the consumer only when its heartbeat alarm fires (15 to
 * 30 s without a message or heartbeat) and, if that one attempt fails as it does while a cluster is
 * still recovering from a lost node, not again until the next alarm. So on an alarm the watch lets
 * jnats' attempt finish and, when the consumer was not re-created, replaces it with a new consumer
 * starting after the last revision it delivered (before the end of the initial data: the current
 * values again), retrying with backoff (100 ms doubling to 5 s) until a server serves it; it logs
 * once at WARN when it stalls and at INFO when it resumes, and drops revisions at or below the last
 * delivered one, so the reader sees every later revision once and the end of initial data once. A
 * stall is noticed only through that alarm, so a lost consumer delays changes by up to about 40 s.
 * The connection reconnects for ever with exponential backoff (100 ms doubling to 5 s, jittered) over every configured and discovered
 * server; the first connect is tried once per server and fails with
 * {@link mms.kv.StoreUnavailable} so the caller decides when to retry. A lost connection is logged
 * once (WARN, naming the server), reminded of after a minute and then every five minutes, and its
 * return once (INFO, with how long it took); single reconnect attempts are DEBUG. A missing bucket
 * is {@link mms.kv.BucketNotFound} naming the bucket and the (redacted) servers. Object store buckets (stream
 * {@code OBJ_<bucket>}, as {@code nats object} creates them) are read through jnats' object store
 * on the same connection; its write-to-OutputStream {@code get} feeds a pipe from a virtual thread
 * so readers stream the content. Works with nats-server 2.9.
 */
package mms.kv.jetstream;

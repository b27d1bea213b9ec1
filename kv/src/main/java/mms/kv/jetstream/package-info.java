/**
 * The fleet engine: NATS JetStream Key-Value through jnats, the only package that imports
 * {@code io.nats}. A bucket is the stream {@code KV_<bucket>} with subjects {@code $KV.<bucket>.>}
 * exactly as the NATS CLI and {@code choria kv} create it, so buckets are shared with those tools.
 * The mapping is direct: revisions are stream sequences, delete and purge are the KV markers
 * ({@code KV-Operation: DEL/PURGE}, purge as a per-key rollup), {@code update} publishes with the
 * expected last subject sequence and {@code create} is jnats' create, which retries on a delete or
 * purge marker. Watches are jnats ordered consumers, which survive reconnects and leader changes by
 * recreating themselves from the last delivered sequence. The connection reconnects for ever with
 * exponential backoff (100 ms doubling to 5 s, jittered) over every configured and discovered
 * server; the first connect is tried once per server and fails with
 * {@link mms.kv.StoreUnavailable} so the caller decides when to retry. Object store buckets (stream
 * {@code OBJ_<bucket>}, as {@code nats object} creates them) are read through jnats' object store
 * on the same connection; its write-to-OutputStream {@code get} feeds a pipe from a virtual thread
 * so readers stream the content. Works with nats-server 2.9.
 */
package mms.kv.jetstream;

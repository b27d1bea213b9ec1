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
 *
 * <p>Governors are streams on the same connection, in the layout of Choria's governor so that
 * {@code choria governor} and Choria agents share them with mms: stream {@code GOVERNOR_<name>},
 * subject {@code <collective>.governor.<name>} (collective {@code choria} unless configured), max
 * messages = capacity with discard policy <em>new</em> (a full governor rejects the publish), max
 * age = expiry, file storage, limits retention. A holder enters by publishing its name and owns
 * the message's sequence; it leaves by deleting that sequence. Beyond the original:
 * <ul>
 *   <li><b>No orphan slots.</b> Every campaign publishes with one {@code Nats-Msg-Id}. A try whose
 *       acknowledgement is lost (timeout, leader change) is retried with the same id, so if the
 *       server stored it the retry is answered as a duplicate carrying the stored sequence and the
 *       campaign owns it. When a campaign gives up (timeout or interrupt) after such a try, it
 *       re-publishes the id once more and deletes whatever sequence that reveals. Servers default
 *       the duplicate window to min(2 min, max age) when the stream says 0, as Choria's streams do,
 *       so this needs no layout change. (Original: go-choria issue #1968.)</li>
 *   <li><b>Keep-alive.</b> A stream's max age cannot be extended per message, so a holder refreshes
 *       its slot by publishing a fresh copy of its message and then deleting the old one, starting
 *       at half the expiry: the copy needs a free place, and the slot never counts twice because
 *       the stream's message limit still caps the total. If no place frees up by 80% of the expiry,
 *       the holder replaces its message in place: it reads the stream's last sequence L, deletes its
 *       message and publishes the copy with {@code Nats-Expected-Last-Sequence: L}, so the copy is
 *       only stored if nobody published in between; if someone did, the holder learns it lost the
 *       slot (one round trip of exposure), logs a warning and {@link mms.kv.Slot#held()} turns
 *       false. A holder that dies stops refreshing and its message ages out within the expiry.
 *       Evictions are detected at the next refresh.</li>
 *   <li><b>Retries</b> of lost acknowledgements and of leader elections are safe (see above), so
 *       timeouts are retried until the campaign's deadline instead of failing it.</li>
 * </ul>
 * {@link mms.kv.KeyValueStore#messages()} publishes core NATS messages on the same connection.
 */
package mms.kv.jetstream;

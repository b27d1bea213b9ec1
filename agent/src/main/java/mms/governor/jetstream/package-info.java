/**
 * The fleet-wide governor on NATS JetStream, in the stream layout of Choria's governor so that
 * {@code choria governor} and Choria agents share governors with mms: stream
 * {@code GOVERNOR_<name>}, subject {@code <collective>.governor.<name>} (collective {@code choria}
 * unless configured), max messages = capacity with discard policy <em>new</em> (a full governor
 * rejects the publish), max age = expiry, file storage, limits retention. A holder enters by
 * publishing its name and owns the message's sequence; it leaves by deleting that sequence.
 * Requires only nats-server 2.9 features.
 *
 * <p>Beyond the original:
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
 *       slot (one round trip of exposure), logs a warning and {@link mms.governor.Slot#held()}
 *       turns false. A holder that dies stops refreshing and its message ages out within the
 *       expiry. Evictions are detected at the next refresh.</li>
 *   <li><b>Retries</b> of lost acknowledgements and of leader elections are safe (see above), so
 *       timeouts are retried until the campaign's deadline instead of failing it.</li>
 * </ul>
 */
package mms.governor.jetstream;

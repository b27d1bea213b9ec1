/**
 * The {@code kv} watcher: brings one key of a Key-Value bucket into the machine's data, so other
 * watchers and templates can use it ({@code {{ lookup "data.CONFIG_spec" "" }}}). The store comes
 * from the agent ({@code MachineContext.services().store()}): SQLite on one node or NATS
 * JetStream for a fleet.
 *
 * <p>Two modes. {@code poll} reads the key every {@code interval} and on every state change.
 * {@code watch} (which the original rejects) follows the key with a store watch, so a put reaches
 * the machine data within milliseconds, and still polls every {@code interval} (default 1m) as a
 * safety net that also detects outages. In both, a deleted key removes the data item, a failing
 * store or missing bucket keeps the last good data and reports an {@code error} outcome, and the
 * watcher retries with backoff until the store is back. Values that look like JSON objects or
 * arrays are stored parsed; anything else as text, as the original. With {@code hiera_config} an
 * object is a Hiera document resolved against the node's facts ({@code Hiera}, with the
 * original's {@code {{ lookup('facts.x') }}} placeholders, found by {@code Templates}) and the
 * result is stored.
 */
package mms.watcher.kv;

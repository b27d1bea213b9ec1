/**
 * Fleet-wide concurrency limits ("governors"): at most {@code capacity} holders are inside a named
 * governor at once, for example so that a new specification's archive is not downloaded by every
 * node at the same moment. {@link mms.governor.Governor} is the API: {@code enter} waits (with the
 * original's jittered "FiveSec" backoff) for a {@link mms.governor.Slot}, which keeps itself alive
 * while held and is freed by {@code close()}; a holder that dies stops keeping it alive and its slot
 * is freed within the governor's expiry. Management operations create, list, inspect, evict from,
 * reset and remove governors. {@link mms.governor.Governors#open} picks the implementation from a
 * store URL: {@code nats://} uses JetStream streams in the layout of Choria's governor (so
 * {@code choria governor} and Choria agents share them), {@code sqlite:} uses tables in the agent's
 * embedded store file for the processes of one host. Lifecycle events
 * ({@link mms.governor.GovernorEvent}, plain Choria JSON) go to a {@link mms.governor.GovernorEventSink}.
 */
package mms.governor;

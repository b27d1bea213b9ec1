/**
 * What the two engines share to implement the governor facet of {@link mms.kv.KeyValueStore}:
 * the checks on names and settings ({@link mms.kv.engine.GovernorRules}), one holder's campaign
 * for a slot with its backoff and timeout ({@link mms.kv.engine.Campaign}) and the slot that keeps
 * itself alive on a virtual thread until it is left ({@link mms.kv.engine.KeptAliveSlot}). It
 * depends on the {@code mms.kv} API only, never on an engine or on {@link mms.kv.KeyValueStores}.
 * Not for users of stores: they see {@link mms.kv.GovernorStorage} and {@link mms.kv.Slot}.
 */
package mms.kv.engine;

/**
 * The host-local governor on the embedded store: two tables ({@code mms_governor},
 * {@code mms_governor_slot}) in the agent's SQLite file, shared by every process of the host the
 * same way the key-value engine shares it (WAL, a 15 s busy timeout so writers from different
 * processes queue, and {@code BEGIN IMMEDIATE} so that "count the live slots, then insert one" is
 * one serialised step: two processes can never both see the last free slot). A slot row carries
 * the time it was last kept alive; holders refresh it every third of the expiry, and any
 * transaction that enters, views or lists first deletes rows whose refresh is older than the
 * expiry, so a killed holder's slot is reclaimed within the expiry. The key-value schema version
 * ({@code PRAGMA user_version}) is not touched: the governor tables are created when missing.
 */
package mms.governor.sqlite;

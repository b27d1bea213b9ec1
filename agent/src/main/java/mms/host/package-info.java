/**
 * The agent host: keeps the machines of a machines directory running. It loads every machine
 * directory (skipping {@code tmp}, dot entries, {@code *-temp} and symbolic links, as the
 * original; a directory without {@code machine.yaml} is not a machine yet, noted at DEBUG; a
 * directory {@code <name>} is skipped while {@code .purge.mm_<name>} exists, a purge of it the
 * machines watcher has not finished),
 * reloads a machine whose {@code machine.yaml} changed (stopping the old instance
 * completely first), stops machines whose directory went away, and runs compiled-in machines
 * found with {@link java.util.ServiceLoader}. Changes are seen through filesystem notifications
 * within a second, with a periodic rescan as a safety net. It also delivers transitions to other
 * machines' subscriptions, answers foreign-state lookups, passes on changes of the node's facts
 * ({@link mms.host.FactsSource} notices them) to the machines, and offers watchers a
 * {@link mms.watcher.MachineRegistry} so one that removes a machine directory can wait until the
 * machine running from it has stopped, and one that installed a new version can see whether the
 * host runs it and in which state.
 */
package mms.host;

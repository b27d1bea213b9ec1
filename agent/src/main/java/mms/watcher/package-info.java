/**
 * The watcher SPI. A watcher type is one package holding its logic, a properties record and a
 * {@link WatcherFactory} listed in {@code META-INF/services/mms.watcher.WatcherFactory}; the
 * runtime finds it with {@link java.util.ServiceLoader}. Factories validate properties when a
 * machine loads, so a bad {@code machine.yaml} is refused before anything runs. Watchers see their
 * machine only through {@link MachineContext} and drive their loop through {@link WatcherRuntime}:
 * activity checks ({@code state_match}, {@code foreign_state_required}), success and failure
 * transitions, state publication, coalesced wake-ups and time all live there, once, for every type.
 */
package mms.watcher;

package mms.watcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A host service for watchers that manage other machines (the machines watcher): it lets them wait
 * until the host has stopped the machine that ran from a directory before they delete what it used
 * (a purge), and see which machine runs from a directory and in which state (a new version proving
 * itself healthy). Watchers get it from {@code machine().services().machines()}; it is absent when
 * no host runs the machine (e.g. {@code mms machine run}).
 */
public interface MachineRegistry {

    /**
     * Asks the host to rescan the machines directory and waits until a rescan that began after
     * this call has finished and no machine runs from {@code directory}: a machine the host ran
     * from there has then stopped completely. Call it after moving or removing the directory's
     * {@code machine.yaml}, otherwise the machine keeps running and this times out.
     *
     * @param directory the machine directory, not null
     * @param timeout how long to wait (real time), not null
     * @return true when confirmed, false when the timeout passed first or the host stopped with
     *     the machine still registered
     * @throws InterruptedException when the calling thread is interrupted (its machine stops)
     */
    boolean awaitStopped(Path directory, Duration timeout) throws InterruptedException;

    /**
     * The machine the host runs from {@code directory} now, if any: between a new
     * {@code machine.yaml} landing there and the host's reload it is still the previous one (its
     * {@link RunningMachine#manifestHash()} says which).
     *
     * @param directory the machine directory, not null
     */
    Optional<RunningMachine> running(Path directory);
}

package mms.watcher;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A host service for watchers that remove machine directories (the machines watcher's purge): it
 * lets them wait until the host has stopped the machine that ran from a directory before they
 * delete what it used. Watchers get it from {@code machine().services().machines()}; it
 * is absent when no host runs the machine (e.g. {@code mms machine run}).
 */
@FunctionalInterface
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
}

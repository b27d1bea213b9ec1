package mms.host;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import mms.digest.Sha256;
import mms.event.TransitionNotification;
import mms.machine.Manifest;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.time.Wakeup;
import mms.watcher.MachineRegistry;
import mms.watcher.RunningMachine;
import mms.watcher.machines.ManagerManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the machines of a machines directory; see the package documentation. */
public final class Host implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    /** How long filesystem events are gathered before one rescan, so a burst causes one reload. */
    private static final long SETTLE_MILLIS = 50;
    /** Stands for the hash of a directory without a manifest in {@link #broken}; no SHA-256 is empty. */
    private static final String NO_MANIFEST = "";

    private final HostOptions options;
    private final MachineLoader loader;
    private final MachineEnvironment environment;
    /** machine directory → running machine; file machines and compiled-in ones */
    private final Map<Path, Managed> managed = new ConcurrentHashMap<>();
    /**
     * machine directory → manifest hash that failed to load ({@link #NO_MANIFEST} when there is no
     * manifest), so a broken file is reported once
     */
    private final Map<Path, String> broken = new HashMap<>();
    private final ReentrantLock scanLock = new ReentrantLock();
    /** Guards the scan counters below; separate from scanLock so waiters never hold up a scan. */
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition scanFinished = progressLock.newCondition();
    private long scansStarted;
    private long scansCompleted;
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final Wakeup rescan = new Wakeup();
    private final Map<WatchKey, Path> watchKeys = new ConcurrentHashMap<>();
    private WatchService watchService;
    private Thread scanner;
    private Thread notifications;
    private volatile boolean closed;

    private record Managed(Machine machine, boolean compiled) {}

    public Host(HostOptions options) {
        this.options = options;
        this.loader = new MachineLoader(options.watchers());
        this.environment = new MachineEnvironment(options.identity(), options.facts(), options.time(),
                options.random(), options.events(), this::stateOf, this::deliver, options.services().withMachines(new Registry()));
    }

    /** What the host tells watchers about its machines ({@link MachineRegistry}). */
    private final class Registry implements MachineRegistry {
        @Override
        public boolean awaitStopped(Path directory, Duration timeout) throws InterruptedException {
            return Host.this.awaitStopped(directory, timeout);
        }

        @Override
        public Optional<RunningMachine> running(Path directory) {
            Path normalized = directory.toAbsolutePath().normalize();
            return managed.entrySet().stream()
                    .filter(e -> e.getKey().toAbsolutePath().normalize().equals(normalized))
                    .map(e -> e.getValue().machine()).findFirst()
                    .map(m -> new RunningMachine(m.name(), m.version(), m.state(), m.instanceId(), m.directory(),
                            m.manifestHash()));
        }
    }

    /**
     * Asks for a rescan and waits until one that began after this call has finished with no
     * machine running from {@code directory}; see {@link MachineRegistry#awaitStopped}. Needs a
     * started host (the scanner does the rescan).
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitStopped(Path directory, Duration timeout) throws InterruptedException {
        Path dir = directory.toAbsolutePath().normalize();
        long after;
        progressLock.lock();
        try {
            after = scansStarted;
        } finally {
            progressLock.unlock();
        }
        rescan.signal();
        long deadline = System.nanoTime() + timeout.toNanos();
        progressLock.lockInterruptibly();
        try {
            while (scansCompleted <= after || runsFrom(dir)) {
                if (closed) {
                    return !runsFrom(dir);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                scanFinished.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)));
            }
            return true;
        } finally {
            progressLock.unlock();
        }
    }

    private boolean runsFrom(Path normalized) {
        return managed.keySet().stream().anyMatch(p -> p.toAbsolutePath().normalize().equals(normalized));
    }

    /**
     * Creates the machines directory if needed, loads compiled-in machines and every machine in
     * the directory, starts them, and begins watching for changes.
     *
     * @throws IOException when the machines directory cannot be created or watched
     */
    public void start() throws IOException {
        Path dir = options.machinesDirectory();
        if (!Files.isDirectory(dir)) {
            LOG.warn("machines directory {} does not exist, creating it", dir);
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        watchService = dir.getFileSystem().newWatchService();
        register(dir);
        loadCompiled();
        reconcile();
        notifications = Thread.ofVirtual().name("host#notifications").start(this::notificationLoop);
        scanner = Thread.ofVirtual().name("host#scanner").start(this::scanLoop);
        LOG.info("hosting machines from {} as {}", dir, options.identity());
    }

    /** The running machines, sorted by name then directory. */
    public List<Machine> machines() {
        List<Machine> out = new ArrayList<>(managed.values().stream().map(Managed::machine).toList());
        out.sort((a, b) -> a.name().equals(b.name()) ? a.directory().compareTo(b.directory()) : a.name().compareTo(b.name()));
        return out;
    }

    /** The first running machine called {@code name}, in directory order. */
    public Optional<Machine> machine(String name) {
        return managed.entrySet().stream()
                .filter(e -> e.getValue().machine().name().equals(name))
                .min(Map.Entry.comparingByKey())
                .map(e -> e.getValue().machine());
    }

    /** Asks for a rescan now, as a filesystem event would. */
    public void requestRescan() {
        rescan.signal();
    }

    /**
     * Tells every running machine that the node's facts changed, so watchers whose checks read
     * facts (the machines watcher's matchers, templates) check again at once rather than at their
     * next interval. The composition root calls it, e.g. from {@link FactsSource#watch}.
     */
    public void factsChanged() {
        if (!closed) {
            managed.values().forEach(m -> m.machine().factsChanged());
        }
    }

    private Optional<String> stateOf(String name) {
        return machine(name).map(Machine::state);
    }

    /** Hands a transition to every machine's subscriptions, each on its own virtual thread. */
    private void deliver(TransitionNotification notification) {
        if (closed) {
            return;
        }
        for (Managed m : managed.values()) {
            try {
                deliveries.execute(() -> {
                    try {
                        m.machine().onTransition(notification);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    private void loadCompiled() {
        for (CompiledMachine compiled : options.compiled()) {
            try {
                if (!compiled.active()) {
                    LOG.info("compiled-in machine {} skipped by its activation check", compiled.getClass().getName());
                    continue;
                }
                Manifest manifest = compiled.manifest();
                Path dir = options.machinesDirectory().resolve(manifest.definition().name());
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Machine machine = loader.load(manifest, dir, false, environment);
                managed.put(dir, new Managed(machine, true));
                LOG.info("loaded compiled-in machine {} version {} with data in {}", machine.name(), machine.version(), dir);
            } catch (ManifestException | IOException | RuntimeException e) {
                LOG.error("could not load compiled-in machine {}: {}", compiled.getClass().getName(), e.getMessage());
            }
        }
    }

    /** Brings the running machines in line with the directory: load new, reload changed, stop removed. */
    public void reconcile() {
        scanLock.lock();
        long generation;
        progressLock.lock();
        try {
            generation = ++scansStarted;
        } finally {
            progressLock.unlock();
        }
        try {
            if (closed) {
                return;
            }
            Map<Path, byte[]> present = listMachineDirectories();
            for (var entry : managed.entrySet()) {
                Path dir = entry.getKey();
                if (!entry.getValue().compiled() && !present.containsKey(dir)) {
                    Machine m = entry.getValue().machine();
                    LOG.info("machine {} does not exist anymore in {}, stopping it", m.name(), dir);
                    managed.remove(dir);
                    m.stop();
                }
            }
            broken.keySet().retainAll(present.keySet());
            for (var entry : present.entrySet()) {
                Path dir = entry.getKey();
                byte[] manifestBytes = entry.getValue();
                Managed current = managed.get(dir);
                if (current != null && current.compiled()) {
                    continue;
                }
                if (manifestBytes == null) {
                    if (current != null) {
                        LOG.warn("machine {} lost its {} in {}, stopping it", current.machine().name(), ManifestParser.FILE_NAME, dir);
                        managed.remove(dir);
                        current.machine().stop();
                    }
                    // a directory being set up (by hand, or an archive half way through) is no
                    // machine yet, not a broken one: it loads once its machine.yaml appears
                    if (!NO_MANIFEST.equals(broken.put(dir, NO_MANIFEST))) {
                        LOG.debug("{} has no {}, not a machine yet", dir, ManifestParser.FILE_NAME);
                    }
                    continue;
                }
                String hash = Sha256.of(manifestBytes);
                if (current != null && current.machine().manifestHash().equals(hash)) {
                    continue;
                }
                if (current == null && hash.equals(broken.get(dir))) {
                    continue;
                }
                if (current != null) {
                    LOG.info("machine {} in {} has a new manifest ({}), reloading it", current.machine().name(), dir, hash);
                    managed.remove(dir);
                    current.machine().stop();
                }
                load(dir, manifestBytes, hash);
            }
            for (Managed m : managed.values()) {
                m.machine().start();
            }
        } finally {
            progressLock.lock();
            try {
                scansCompleted = generation;
                scanFinished.signalAll();
            } finally {
                progressLock.unlock();
            }
            scanLock.unlock();
        }
    }

    private void load(Path dir, byte[] manifestBytes, String hash) {
        try {
            Manifest manifest = ManifestParser.parse(dir.resolve(ManifestParser.FILE_NAME), manifestBytes);
            Machine machine = loader.load(manifest, dir, true, environment);
            machine.warnings().forEach(w -> LOG.warn("{}", w));
            Optional<Machine> sameName = machine(machine.name());
            sameName.ifPresent(other -> LOG.warn("machine {} in {} has the same name as the one in {}; lookups by name use the first",
                    machine.name(), dir, other.directory()));
            managed.put(dir, new Managed(machine, false));
            broken.remove(dir);
            LOG.info("loaded machine {} version {} from {} ({})", machine.name(), machine.version(), dir, hash);
        } catch (ManifestException e) {
            reportBroken(dir, hash, "could not load machine from " + dir + ":\n  " + String.join("\n  ", e.problems()));
        } catch (RuntimeException e) {
            reportBroken(dir, hash, "could not load machine from " + dir + ": " + e);
        }
    }

    private void reportBroken(Path dir, String hash, String message) {
        if (!hash.equals(broken.get(dir))) {
            LOG.error(message);
        }
        broken.put(dir, hash);
    }

    /** Machine directories → their manifest bytes (null when there is none), in name order. */
    private Map<Path, byte[]> listMachineDirectories() {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        TreeSet<Path> dirs = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(options.machinesDirectory())) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.equals("tmp") || name.startsWith(".") || name.endsWith("-temp")) {
                    continue;
                }
                // a purge of it is under way (a crash may have interrupted it): it has no manager any more
                // and would run unmanaged until the machines watcher finishes the purge
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(p.resolveSibling(ManagerManifest.PURGING_PREFIX + name), LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list machines directory {}: {}", options.machinesDirectory(), e.getMessage());
            // keep what runs: a transient listing failure must not stop every machine
            managed.keySet().forEach(dir -> out.put(dir, currentManifest(dir)));
            return out;
        }
        for (Path dir : dirs) {
            register(dir);
            out.put(dir, currentManifest(dir));
        }
        return out;
    }

    private static byte[] currentManifest(Path dir) {
        try {
            return Files.readAllBytes(dir.resolve(ManifestParser.FILE_NAME));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("could not read {}: {}", dir.resolve(ManifestParser.FILE_NAME), e.getMessage());
            return null;
        }
    }

    private void register(Path dir) {
        if (watchService == null || watchKeys.containsValue(dir)) {
            return;
        }
        try {
            WatchKey key = dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            watchKeys.put(key, dir);
        } catch (NoSuchFileException e) {
            // gone already; the next scan notices
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debug("could not watch {}: {}", dir, e.getMessage());
        }
    }

    private void notificationLoop() {
        try {
            while (!closed) {
                WatchKey key = watchService.take();
                Path dir = watchKeys.get(key);
                key.pollEvents();
                if (!key.reset()) {
                    watchKeys.remove(key);
                }
                LOG.debug("change in {}", dir);
                rescan.signal();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private void scanLoop() {
        try {
            while (!closed) {
                boolean woken = rescan.await(options.rescanInterval());
                if (woken) {
                    // let a burst of events (an archive being unpacked, an editor's save) settle
                    Thread.sleep(SETTLE_MILLIS);
                    rescan.poll();
                }
                reconcile();
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Stops every machine (each completely) and the directory watching. */
    @Override
    public void close() {
        scanLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            scanLock.unlock();
        }
        if (scanner != null) {
            scanner.interrupt();
        }
        try {
            if (watchService != null) {
                watchService.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        if (notifications != null) {
            notifications.interrupt();
        }
        List<Machine> running = machines();
        running.parallelStream().forEach(Machine::stop);
        managed.clear();
        deliveries.shutdownNow();
        try {
            deliveries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopped {} machines", running.size());
    }
}

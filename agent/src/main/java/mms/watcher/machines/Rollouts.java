package mms.watcher.machines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import mms.digest.Sha256;
import mms.duration.GoDuration;
import mms.event.RolloutTransition;
import mms.json.Json;
import mms.machine.ManifestParser;
import mms.spec.HealthCheck;
import mms.spec.ManagedMachine;
import mms.spec.RolloutPlan;
import mms.watcher.MachineContext;
import mms.watcher.RolloutGate;
import mms.watcher.RolloutReport;
import mms.watcher.RolloutState;
import mms.watcher.RunningMachine;
import mms.watcher.WatcherRuntime;
import mms.watcher.machines.RolloutLedger.Track;

/**
 * The machines watcher's supervision of entries with a health check or a rollout plan: which
 * manager manifest each gets now, and the node's rollout of its version, step by step. An entry
 * without either is not handled here: its manager follows the specification at once, as in the
 * original.
 *
 * <p>For each supervised entry the node keeps a {@link Track} ({@link RolloutLedger}), per version
 * (checksum, health check and plan without {@code paused}):
 * <ul>
 *   <li>{@code waiting}, {@code paused}, {@code halted}: the manager keeps installing what it
 *       installed (nothing, for a new entry). With a rollout plan the fleet's status records decide
 *       when the node's wave starts ({@link mms.watcher.FleetRollouts}); without one it starts at
 *       once;</li>
 *   <li>{@code installing}: the node remembers the manager's manifest, then writes the new one;
 *       its archive watcher installs the version (keeping the one it replaces);</li>
 *   <li>{@code verifying}: the new version is installed; it is healthy once the machine, loaded
 *       from it, is in one of the health check's states. If it enters a failure state first, or is
 *       not healthy {@code within} of the start of the install, the node writes the remembered
 *       manifest back ({@code reverted}), and the archive watcher swaps the kept version back in
 *       without a download; without a remembered manifest (a first install) it is {@code failed};</li>
 *   <li>{@code healthy}: done; without a health check, as soon as the new version runs. When the
 *       rollout halts and its plan says {@code auto_revert}, the node goes back too
 *       ({@code halted});</li>
 *   <li>{@code reverted}, {@code failed}: the node does not try this version again until the entry
 *       changes (a new checksum, health check or plan; pausing and resuming is no change).</li>
 * </ul>
 * Every change of state is recorded before the node acts on it, reported to the agent's status
 * record, logged once and published as a {@link RolloutTransition}. Only the watcher's loop thread
 * uses an instance.
 */
final class Rollouts {
    /** How often a node looks at the fleet and its machine while a rollout is under way. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** How often while nothing but the fleet can move it on (paused, halted). */
    static final Duration SLOW_TICK = Duration.ofSeconds(5);

    /** One supervised entry of the specification applied, with the manager manifest it asks for. */
    record Supervised(ManagedMachine entry, byte[] manifest) {
        Supervised {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    private final RolloutLedger ledger;
    /** Where the managers are. */
    private final Path root;
    /** Where the managers install their machines; usually {@link #root}. */
    private final Path installs;
    /** What manager directory names start with, e.g. {@code mm_}. */
    private final String managerPrefix;
    /** The tracks as last read or written; empty until read. */
    private Optional<Map<String, Track>> tracks = Optional.empty();
    /** Why the ledger could not be read, while it cannot. */
    private Optional<String> unreadable = Optional.empty();
    /** What was last reported, so that only changes are. */
    private Map<String, RolloutReport> reported = Map.of();
    /** The last gate answer of each entry, to know when ticking can stop. */
    private final Map<String, RolloutGate> gates = new HashMap<>();

    /**
     * @param self the directory of the machine running the watcher, where the ledger lives
     * @param root the machines directory
     */
    Rollouts(Path self, Path root) {
        this(self, root, root, ManagerManifest.PREFIX);
    }

    /**
     * @param self          the directory of the machine running the watcher, where the ledger lives
     * @param root          the machines directory, where the managers are
     * @param installs      where the managers install their machines
     * @param managerPrefix what manager directory names start with, {@code _} included
     */
    Rollouts(Path self, Path root, Path installs, String managerPrefix) {
        this.ledger = new RolloutLedger(self);
        this.root = root;
        this.installs = installs;
        this.managerPrefix = managerPrefix;
    }

    /**
     * The fingerprint of an entry's rollout: what must change for a node to try a version again
     * after it reverted it. The checksum, the health check and the plan, but not {@code paused}.
     */
    static String fingerprint(ManagedMachine entry) {
        String plan = entry.rollout().map(p -> Json.write(p.withPaused(false))).orElse("");
        String health = entry.health().map(Json::write).orElse("");
        return Sha256.of((entry.checksum() + "\n" + health + "\n" + plan).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Moves every supervised entry's rollout on and says which manifest its manager gets now.
     *
     * @param runtime  the watcher's runtime (machine, services, log, events)
     * @param digest   the digest of the specification applied
     * @param entries  the supervised entries this node runs
     * @param listed   after a check of the specification, every entry it lists that this node runs or
     *                 could not decide about: the tracks of the others are forgotten; empty between
     *                 checks
     * @return by entry name, the manifest its manager must hold; an entry left out keeps its manager
     *     as it is (none, for a new entry that has not started)
     */
    Map<String, byte[]> step(WatcherRuntime runtime, String digest, List<Supervised> entries,
                             Optional<Set<String>> listed) {
        MachineContext machine = runtime.machine();
        Instant now = runtime.now();
        Map<String, byte[]> out = new LinkedHashMap<>();
        Optional<Map<String, Track>> known = load(runtime);
        if (known.isEmpty()) {
            // a node that does not know what it reverted or verifies changes no supervised manager
            Map<String, RolloutReport> reports = new TreeMap<>();
            for (Supervised s : entries) {
                reports.put(s.entry().name(), new RolloutReport(s.entry().checksum(), OptionalInt.empty(),
                        RolloutState.WAITING, unreadable, reported.containsKey(s.entry().name())
                        ? reported.get(s.entry().name()).since() : now));
            }
            report(machine, reports);
            return out;
        }
        Map<String, Track> before = known.get();
        Map<String, Track> after = new TreeMap<>(before);
        listed.ifPresent(names -> {
            after.keySet().retainAll(names);
            gates.keySet().retainAll(names);
        });
        for (Supervised s : entries) {
            String name = s.entry().name();
            Optional<byte[]> current = manager(name);
            Track track = after.get(name);
            String fingerprint = fingerprint(s.entry());
            if (track == null || !track.fingerprint().equals(fingerprint)) {
                track = begin(s.entry(), fingerprint, current, Optional.ofNullable(track), now);
            }
            Track next = advance(runtime, digest, s.entry(), track, current, now);
            after.put(name, next);
            manifestFor(next, s.manifest(), current).ifPresent(m -> out.put(name, m));
        }
        if (!persist(runtime, before, after)) {
            // not recorded, so not acted upon: every manager stays as it is until the file can be written
            out.clear();
            return out;
        }
        tracks = Optional.of(Map.copyOf(after));
        after.forEach((name, track) -> {
            Track old = before.get(name);
            if (old == null || old.state() != track.state() || !old.checksum().equals(track.checksum())) {
                announce(runtime, name, Optional.ofNullable(old), track);
            }
        });
        Map<String, RolloutReport> reports = new TreeMap<>();
        after.forEach((name, t) -> reports.put(name, new RolloutReport(t.checksum(), t.wave(), t.state(), t.reason(),
                t.since())));
        report(machine, reports);
        return out;
    }

    /**
     * When the loop should look again at the latest: soon while a rollout is under way or waits on
     * the fleet, at the health deadline of a version being verified; {@link Instant#MAX} when no
     * rollout can move without a new specification.
     */
    Instant nextLook(Instant now, List<Supervised> entries) {
        Instant next = Instant.MAX;
        Map<String, Track> known = tracks.orElse(Map.of());
        for (Supervised s : entries) {
            Track t = known.get(s.entry().name());
            if (t == null) {
                continue;
            }
            Optional<RolloutPlan> plan = s.entry().rollout();
            Instant look = switch (t.state()) {
                case WAITING -> now.plus(TICK);
                case PAUSED, HALTED -> plan.isPresent() ? now.plus(SLOW_TICK) : Instant.MAX;
                case INSTALLING, VERIFYING -> min(now.plus(TICK), deadline(s.entry(), t).orElse(Instant.MAX));
                case HEALTHY -> plan.filter(RolloutPlan::autoRevert).isPresent()
                        && !(gates.get(s.entry().name()) instanceof RolloutGate.Done) ? now.plus(SLOW_TICK) : Instant.MAX;
                case REVERTED, FAILED -> Instant.MAX;
            };
            next = min(next, look);
        }
        return next;
    }

    /** A new version (or plan) of an entry: where the node starts from. */
    private Track begin(ManagedMachine entry, String fingerprint, Optional<byte[]> current, Optional<Track> old,
                        Instant now) {
        String checksum = entry.checksum();
        if (old.isPresent() && old.get().checksum().equals(checksum) && old.get().state().upgrading()) {
            // the plan or health check changed while this version was being installed: carry on with it
            Track o = old.get();
            return new Track(fingerprint, checksum, o.state(), o.reason(), o.since(), o.wave(), o.installingSince(),
                    o.previous());
        }
        Optional<String> installs = current.flatMap(m -> ManagerManifest.checksum(managerFile(entry.name()), m));
        if (installs.filter(checksum::equals).isPresent()) {
            // already installed (by an earlier specification, or before the entry was supervised)
            Optional<String> previous = old.filter(o -> o.checksum().equals(checksum)).flatMap(Track::previous);
            return new Track(fingerprint, checksum, RolloutState.HEALTHY, Optional.empty(), now, OptionalInt.empty(),
                    Optional.empty(), previous);
        }
        return new Track(fingerprint, checksum, RolloutState.WAITING, Optional.empty(), now, OptionalInt.empty(),
                Optional.empty(), Optional.empty());
    }

    /** One step of one entry's rollout. */
    private Track advance(WatcherRuntime runtime, String digest, ManagedMachine entry, Track t,
                          Optional<byte[]> current, Instant now) {
        if (t.state() == RolloutState.REVERTED || t.state() == RolloutState.FAILED) {
            return t; // until the entry changes
        }
        Optional<RolloutPlan> plan = entry.rollout();
        RolloutGate gate = plan.isEmpty() ? new RolloutGate.Open(1) : askFleet(runtime, digest, entry, now);
        gates.put(entry.name(), gate);
        Track track = plan.isEmpty() ? t : t.withWave(gate.wave());
        boolean autoRevert = plan.filter(RolloutPlan::autoRevert).isPresent();
        return switch (track.state()) {
            case WAITING, PAUSED, HALTED -> switch (gate) {
                case RolloutGate.Open o -> track.installing(now, current.map(Rollouts::text).or(track::previous));
                case RolloutGate.Done d -> track.installing(now, current.map(Rollouts::text).or(track::previous));
                case RolloutGate.Wait w -> held(track, RolloutState.WAITING, w.reason(), now);
                case RolloutGate.Paused p -> held(track, RolloutState.PAUSED, p.reason(), now);
                case RolloutGate.Halted h -> held(track, RolloutState.HALTED, h.reason(), now);
            };
            case INSTALLING, VERIFYING -> {
                if (autoRevert && gate instanceof RolloutGate.Halted h) {
                    yield back(track, RolloutState.HALTED, h.reason(), now);
                }
                yield verify(runtime, entry, track, now);
            }
            case HEALTHY -> autoRevert && gate instanceof RolloutGate.Halted h && track.previous().isPresent()
                    ? back(track, RolloutState.HALTED, h.reason(), now) : track;
            case REVERTED, FAILED -> track;
        };
    }

    /** The fleet's answer; a failure to get one is a reason to wait, never to act. */
    private static RolloutGate askFleet(WatcherRuntime runtime, String digest, ManagedMachine entry, Instant now) {
        MachineContext machine = runtime.machine();
        try {
            return machine.services().rollouts().gate(machine.identity(), digest, entry, now);
        } catch (RuntimeException e) {
            runtime.log().error("could not read the fleet's rollout of {}: {}", entry.name(), e.toString());
            return new RolloutGate.Wait(Optional.empty(), "the fleet's records could not be read: " + e, Optional.empty());
        }
    }

    /** A track that may not install (yet), with the latest reason; its {@code since} moves only with its state. */
    private static Track held(Track t, RolloutState state, String reason, Instant now) {
        return t.state() == state ? t.withReason(Optional.of(reason)) : t.moved(state, Optional.of(reason), now);
    }

    /** Installing or verifying: is the new version in place, running, healthy, broken, late? */
    private Track verify(WatcherRuntime runtime, ManagedMachine entry, Track t, Instant now) {
        boolean installed = installed(entry);
        Optional<RunningMachine> running = installed ? runsInstalled(runtime, entry.name()) : Optional.empty();
        Optional<HealthCheck> health = entry.health();
        if (health.isEmpty()) {
            return running.isPresent() ? t.moved(RolloutState.HEALTHY, Optional.empty(), now) : t;
        }
        Track track = installed && t.state() == RolloutState.INSTALLING
                ? t.moved(RolloutState.VERIFYING, Optional.empty(), now) : t;
        HealthCheck check = health.get();
        if (running.isPresent() && check.failed(running.get().state())) {
            return back(track, RolloutState.REVERTED, entry.name() + " entered failure state "
                    + running.get().state() + " after the install", now);
        }
        if (running.isPresent() && check.healthy(running.get().state())) {
            return track.moved(RolloutState.HEALTHY, Optional.empty(), now);
        }
        Instant deadline = deadline(entry, track).orElse(Instant.MAX);
        if (!now.isBefore(deadline)) {
            String where = running.map(r -> "it is in " + r.state())
                    .orElse(installed ? "the new version did not start" : "the new version was not installed");
            return back(track, RolloutState.REVERTED, entry.name() + " did not reach " + String.join(" or ",
                    check.states()) + " within " + GoDuration.format(check.within()) + " of the install: " + where, now);
        }
        return track;
    }

    /**
     * Goes back to the version before the install: writes the remembered manifest back (the
     * archive watcher swaps the kept version in). Without one there is nothing to go back to.
     */
    private static Track back(Track t, RolloutState state, String reason, Instant now) {
        if (t.previous().isEmpty()) {
            return state == RolloutState.REVERTED
                    ? t.moved(RolloutState.FAILED, Optional.of(reason + "; there is no previous version to go back to"), now)
                    : t.moved(state, Optional.of(reason + "; this node keeps the new version: there is no previous"
                            + " version to go back to"), now);
        }
        String back = state == RolloutState.HALTED ? "; went back to the previous version (auto_revert)"
                : "; went back to the previous version";
        return t.moved(state, Optional.of(reason + back), now);
    }

    /** The manifest a track's manager must hold: the new one, the remembered one, or what it holds. */
    private static Optional<byte[]> manifestFor(Track t, byte[] manifest, Optional<byte[]> current) {
        return switch (t.state()) {
            case INSTALLING, VERIFYING, HEALTHY, FAILED -> Optional.of(manifest);
            case REVERTED, WAITING, PAUSED, HALTED ->
                    t.previous().map(p -> p.getBytes(StandardCharsets.UTF_8)).or(() -> current);
        };
    }

    /** When a version being verified must be healthy: {@code within} of the start of its install. */
    private static Optional<Instant> deadline(ManagedMachine entry, Track t) {
        return entry.health().flatMap(h -> t.installingSince().map(i -> i.plus(h.within())));
    }

    /** Whether {@code <root>/<name>} holds the entry's version: its checksums file is the one the entry names. */
    private boolean installed(ManagedMachine entry) {
        Path sums = installs.resolve(entry.name()).resolve("SHA256SUMS");
        try {
            return Files.isRegularFile(sums, LinkOption.NOFOLLOW_LINKS) && Sha256.ofFile(sums).equals(entry.verifyChecksum());
        } catch (IOException e) {
            return false;
        }
    }

    /** The machine the host runs from {@code <root>/<name>}, when it was loaded from what is installed there now. */
    private Optional<RunningMachine> runsInstalled(WatcherRuntime runtime, String name) {
        Path directory = installs.resolve(name);
        Optional<RunningMachine> running = runtime.machine().services().machines().flatMap(r -> r.running(directory));
        if (running.isEmpty()) {
            return Optional.empty();
        }
        try {
            String installed = Sha256.of(Files.readAllBytes(directory.resolve(ManifestParser.FILE_NAME)));
            return running.filter(r -> r.manifestHash().equals(installed));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path managerFile(String name) {
        return root.resolve(managerPrefix + name).resolve(ManifestParser.FILE_NAME);
    }

    /** The manager's manifest now, if it has one. */
    private Optional<byte[]> manager(String name) {
        try {
            return Optional.of(Files.readAllBytes(managerFile(name)));
        } catch (IOException e) {
            return Optional.empty(); // none yet (or unreadable, which the write that follows will say)
        }
    }

    private Optional<Map<String, Track>> load(WatcherRuntime runtime) {
        if (tracks.isPresent()) {
            return tracks;
        }
        try {
            tracks = Optional.of(ledger.read());
            if (unreadable.isPresent()) {
                runtime.log().info("rollout state file {} can be read again", ledger.file());
                unreadable = Optional.empty();
            }
        } catch (IOException e) {
            if (unreadable.isEmpty()) {
                runtime.log().error("{}; supervised machines keep their managers as they are", e.getMessage());
            }
            unreadable = Optional.of(e.getMessage());
        }
        return tracks;
    }

    /** Records the tracks when a state or a remembered manifest changed. @return whether the node may act on them */
    private boolean persist(WatcherRuntime runtime, Map<String, Track> before, Map<String, Track> after) {
        boolean changed = !before.keySet().equals(after.keySet());
        for (var e : after.entrySet()) {
            Track old = before.get(e.getKey());
            Track now = e.getValue();
            changed |= old == null || old.state() != now.state() || !old.fingerprint().equals(now.fingerprint())
                    || !old.previous().equals(now.previous()) || !old.wave().equals(now.wave());
        }
        if (!changed) {
            return true;
        }
        try {
            ledger.write(after);
            return true;
        } catch (IOException e) {
            runtime.log().error("could not record the rollouts in {}, changing no supervised machine: {}",
                    ledger.file(), e.getMessage());
            tracks = Optional.empty(); // read again next time: the file holds what was last written
            return false;
        }
    }

    /**
     * Publishes one change of state (the agent logs every event at INFO) and logs the ones that
     * mean a version did not make it at WARN.
     */
    private static void announce(WatcherRuntime runtime, String name, Optional<Track> old, Track t) {
        MachineContext machine = runtime.machine();
        String from = old.filter(o -> o.checksum().equals(t.checksum())).map(o -> o.state().wireName()).orElse("");
        switch (t.state()) {
            case REVERTED, FAILED, HALTED -> runtime.log().warn("rollout of {} {}{}: {}{}", name,
                    t.checksum().substring(0, 12), t.wave().isPresent() ? " (wave " + t.wave().getAsInt() + ")" : "",
                    t.state().wireName(), t.reason().map(r -> ": " + r).orElse(""));
            case WAITING, PAUSED, INSTALLING, VERIFYING, HEALTHY -> { }
        }
        runtime.publish(new RolloutTransition(machine.identity(), machine.instanceId(), machine.version(),
                t.since().getEpochSecond(), machine.name(), name, t.checksum(), t.wave(), from, t.state().wireName(),
                t.reason()));
    }

    private void report(MachineContext machine, Map<String, RolloutReport> reports) {
        if (!reports.equals(reported)) {
            reported = Map.copyOf(reports);
            machine.services().specifications().rollouts(machine.name(), reported);
        }
    }

    private static String text(byte[] manifest) {
        return new String(manifest, StandardCharsets.UTF_8);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

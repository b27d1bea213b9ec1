package mms.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import mms.duration.GoDuration;
import mms.spec.FleetShare;
import mms.spec.ManagedMachine;
import mms.spec.RolloutPlan;
import mms.status.FleetRecords;
import mms.status.NodeStatus;
import mms.status.PublishedSpecification;
import mms.watcher.RolloutGate;
import mms.watcher.RolloutReport;
import mms.watcher.RolloutState;

/**
 * How the rollouts of a specification's supervised entries stand, computed from every node's
 * status record: which nodes take part, their waves, which are done, failed or waiting, whether a
 * rollout halted and why. Pure: the same records, specification and time give the same progress on
 * every node and in every tool, which is what lets nodes pace a rollout with no coordinator. Nodes
 * ask it whether they may install ({@link EntryProgress#gate}); {@code mms fleet status} and
 * {@code mms spec publish --wait} show it.
 *
 * <h2>Who takes part</h2>
 * The nodes managed from the specification's bucket and key whose record reports a rollout of the
 * entry's checksum: every live node, and a stale one when it had gone that far that its fate
 * matters. A node that went stale while installing or verifying counts as failed (a version that
 * kills its agent must halt the rollout, not move on to the next node); a stale node that was
 * waiting is left out, so it does not hold up its wave. Stopped nodes (an agent stopped cleanly)
 * are left out.
 *
 * <h2>When a node of wave k may install</h2>
 * <ol>
 *   <li>every live node managed from the bucket and key has read this specification (its record
 *       reports a decision about its digest): until then nobody knows who takes part;</li>
 *   <li>the node's own record reports the rollout (so it is placed as the others place it);</li>
 *   <li>the rollout has not halted: no more nodes failed than {@code max_failed} tolerates;</li>
 *   <li>it is not paused;</li>
 *   <li>every node of waves 1 to k-1 is done (healthy, or failed within the tolerance), and
 *       {@code pause} has passed since the last of them was.</li>
 * </ol>
 *
 * @param bucket  the specification's bucket
 * @param key     the specification's key
 * @param digest  the specification's digest ({@code mms.spec.SpecificationDigest}), as nodes report it
 * @param entries the progress of each supervised entry, in specification order
 */
public record RolloutProgress(String bucket, String key, String digest, List<EntryProgress> entries) {

    /** How many node names a reason lists before "and N more". */
    static final int NAMED = 5;

    /** Copies the list. */
    public RolloutProgress {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(digest, "digest");
        entries = List.copyOf(entries);
    }

    /**
     * Computes the progress.
     *
     * @param records every status record, not null
     * @param bucket  the specification's bucket, not null
     * @param key     the specification's key, not null
     * @param digest  the specification's digest, not null
     * @param entries the specification's entries (those without a health check or rollout plan are
     *                ignored), not null
     * @param now     the time staleness is judged at, not null
     */
    public static RolloutProgress of(FleetRecords records, String bucket, String key, String digest,
                                     List<ManagedMachine> entries, Instant now) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(now, "now");
        List<NodeStatus> followers = records.nodes().stream()
                .filter(n -> n.specification().filter(s -> s.bucket().equals(bucket) && s.key().equals(key)).isPresent())
                .filter(n -> !n.stopped())
                .sorted(Comparator.comparing(NodeStatus::identity))
                .toList();
        List<String> unsettled = followers.stream()
                .filter(n -> !n.staleAt(now))
                .filter(n -> n.specification().flatMap(NodeStatus.SpecificationStatus::decision)
                        .filter(d -> d.digest().equals(digest)).isEmpty())
                .map(NodeStatus::identity)
                .toList();
        List<EntryProgress> progress = new ArrayList<>();
        for (ManagedMachine entry : entries) {
            if (entry.supervised()) {
                progress.add(EntryProgress.of(entry, followers, unsettled, now));
            }
        }
        return new RolloutProgress(bucket, key, digest, progress);
    }

    /**
     * The progress of the specification in the store, as {@code mms fleet status} shows it.
     *
     * @param records       every status record, not null
     * @param specification the specification, not null
     * @param now           the time staleness is judged at, not null
     */
    public static RolloutProgress of(FleetRecords records, PublishedSpecification specification, Instant now) {
        return of(records, specification.bucket(), specification.key(), specification.digest(),
                specification.machines(), now);
    }

    /** The progress of the entry called {@code name}, when it is supervised. */
    public Optional<EntryProgress> entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Whether any entry's rollout halted. */
    public boolean halted() {
        return entries.stream().anyMatch(e -> e.halt().isPresent());
    }

    /**
     * One node taking part in a rollout.
     *
     * @param identity the node
     * @param wave     its wave, from 1
     * @param state    where it is; {@code failed} for a node that went stale while upgrading
     * @param reason   why, as it reports it (or why it counts as failed)
     * @param since    since when
     */
    public record Member(String identity, int wave, RolloutState state, Optional<String> reason, Instant since) {

        /** Rejects nulls. */
        public Member {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
        }

        /** {@code web1: verifying}, or with its reason for a failure. */
        String describe() {
            return identity + ": " + state.wireName() + (state.failure() ? reason.map(r -> " (" + r + ")").orElse("") : "");
        }
    }

    /**
     * One wave.
     *
     * @param number    its number, from 1
     * @param size      its cumulative size as the plan writes it ({@code 10%})
     * @param nodes     its nodes, in rank order
     * @param healthy   how many of them are healthy
     * @param failed    how many failed
     * @param upgrading how many install or verify the new version
     * @param waiting   how many have not started (waiting, paused, halted)
     * @param doneAt    when the last of its nodes was done, once all are; for an empty wave the
     *                  previous wave's time (empty for a first wave without nodes)
     */
    public record WaveProgress(int number, FleetShare size, List<String> nodes, int healthy, int failed, int upgrading,
                               int waiting, Optional<Instant> doneAt) {

        /** Copies the list. */
        public WaveProgress {
            Objects.requireNonNull(size, "size");
            nodes = List.copyOf(nodes);
            Objects.requireNonNull(doneAt, "doneAt");
        }

        /** Whether every node of the wave is done: healthy or failed. */
        public boolean done() {
            return healthy + failed == nodes.size();
        }
    }

    /**
     * The rollout of one supervised entry's checksum.
     *
     * @param name      the entry's name
     * @param checksum  the checksum being rolled out
     * @param plan      its rollout plan; empty for an entry with a health check only (one wave of
     *                  every node, which never halts)
     * @param unsettled the live nodes managed from the specification's key that have not read it yet
     * @param members   the nodes taking part, in rank order
     * @param waves     the waves
     * @param failures  how many nodes failed
     * @param tolerated how many may fail before the rollout halts ({@code max_failed} of the nodes
     *                  taking part, rounded down)
     * @param halt      why the rollout halted ({@code 2 of 40 nodes failed, max_failed 5% tolerates 1:
 *                  web3: reverted (…); …}), naming the nodes that failed; empty while it has not
     */
    public record EntryProgress(String name, String checksum, Optional<RolloutPlan> plan, List<String> unsettled,
                                List<Member> members, List<WaveProgress> waves, int failures, int tolerated,
                                Optional<String> halt) {

        /** Copies the lists. */
        public EntryProgress {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(plan, "plan");
            unsettled = List.copyOf(unsettled);
            members = List.copyOf(members);
            waves = List.copyOf(waves);
            Objects.requireNonNull(halt, "halt");
        }

        static EntryProgress of(ManagedMachine entry, List<NodeStatus> followers, List<String> unsettled, Instant now) {
            String checksum = entry.checksum();
            List<Member> taking = new ArrayList<>();
            for (NodeStatus node : followers) {
                Optional<RolloutReport> report = node.machines().stream()
                        .filter(m -> m.name().equals(entry.name()))
                        .flatMap(m -> m.rollout().stream())
                        .filter(r -> r.checksum().equals(checksum))
                        .findFirst();
                if (report.isEmpty()) {
                    continue;
                }
                RolloutReport r = report.get();
                boolean stale = node.staleAt(now);
                if (stale && r.state().upgrading()) {
                    taking.add(new Member(node.identity(), 1, RolloutState.FAILED, Optional.of("no status record for "
                            + NodeStatus.STALE_AFTER_HEARTBEATS + " heartbeats while " + r.state().wireName()
                            + ", last at " + node.updated()), node.updated()));
                } else if (!stale || r.state().done()) {
                    taking.add(new Member(node.identity(), 1, r.state(), r.reason(), r.since()));
                }
            }
            List<FleetShare> sizes = entry.rollout().map(RolloutPlan::waves).orElse(List.of(FleetShare.ALL));
            Map<String, Integer> placed = Waves.place(taking.stream().map(Member::identity).toList(), entry.name(),
                    checksum, sizes);
            Map<String, Member> byIdentity = taking.stream().collect(Collectors.toMap(Member::identity, m -> m));
            List<Member> members = new ArrayList<>();
            placed.forEach((identity, wave) -> {
                Member m = byIdentity.get(identity);
                members.add(new Member(identity, wave, m.state(), m.reason(), m.since()));
            });
            List<WaveProgress> waves = new ArrayList<>();
            Optional<Instant> previousDone = Optional.empty();
            for (int i = 0; i < sizes.size(); i++) {
                int number = i + 1;
                List<Member> in = members.stream().filter(m -> m.wave() == number).toList();
                int healthy = (int) in.stream().filter(m -> m.state() == RolloutState.HEALTHY).count();
                int failed = (int) in.stream().filter(m -> m.state().failure()).count();
                int upgrading = (int) in.stream().filter(m -> m.state().upgrading()).count();
                Optional<Instant> doneAt = Optional.empty();
                if (healthy + failed == in.size()) {
                    doneAt = in.isEmpty() ? previousDone
                            : in.stream().map(Member::since).max(Comparator.naturalOrder());
                }
                waves.add(new WaveProgress(number, sizes.get(i), in.stream().map(Member::identity).toList(), healthy,
                        failed, upgrading, in.size() - healthy - failed - upgrading, doneAt));
                previousDone = doneAt;
            }
            List<Member> failedMembers = members.stream().filter(m -> m.state().failure()).toList();
            int tolerated = entry.rollout().map(p -> p.maxFailed().of(members.size(), false)).orElse(members.size());
            Optional<String> halt = Optional.empty();
            if (entry.rollout().isPresent() && failedMembers.size() > tolerated) {
                halt = Optional.of(failedMembers.size() + " of " + members.size() + " nodes failed, max_failed "
                        + entry.rollout().get().maxFailed().text() + " tolerates " + tolerated + ": "
                        + named(failedMembers.stream().map(Member::describe).toList(), "; "));
            }
            return new EntryProgress(entry.name(), checksum, entry.rollout(), unsettled, members, waves,
                    failedMembers.size(), tolerated, halt);
        }

        /** The node {@code identity} in this rollout, if it takes part. */
        public Optional<Member> member(String identity) {
            return members.stream().filter(m -> m.identity().equals(identity)).findFirst();
        }

        /** Whether the rollout is paused. */
        public boolean paused() {
            return plan.map(RolloutPlan::paused).orElse(false);
        }

        /**
         * The first wave that is not done: the one under way or about to start; one past the last
         * when every wave is done.
         */
        public int currentWave() {
            for (WaveProgress w : waves) {
                if (!w.done()) {
                    return w.number();
                }
            }
            return waves.size() + 1;
        }

        /** Whether every node taking part (at least one) is done: healthy, or failed within the tolerance. */
        public boolean done() {
            return !members.isEmpty() && halt.isEmpty() && unsettled.isEmpty() && currentWave() > waves.size();
        }

        /**
         * Whether the node {@code identity} may start installing the new version at {@code now}; see
         * the class documentation for the rules. Anything unknown makes it wait.
         */
        public RolloutGate gate(String identity, Instant now) {
            if (!unsettled.isEmpty()) {
                return new RolloutGate.Wait(Optional.empty(), "waiting for " + count(unsettled.size()) + " to read the"
                        + " specification: " + named(unsettled, ", "), Optional.empty());
            }
            Optional<Member> self = member(identity);
            if (self.isEmpty()) {
                return new RolloutGate.Wait(Optional.empty(), "waiting for this node's status record to report its"
                        + " rollout of " + name, Optional.empty());
            }
            Optional<Integer> wave = Optional.of(self.get().wave());
            if (halt.isPresent()) {
                return new RolloutGate.Halted(wave, halt.get());
            }
            if (paused()) {
                return new RolloutGate.Paused(wave, "the rollout of " + name + " " + abbreviate(checksum) + " is paused");
            }
            int mine = self.get().wave();
            for (WaveProgress w : waves.subList(0, mine - 1)) {
                if (!w.done()) {
                    List<String> open = members.stream().filter(m -> m.wave() == w.number() && !m.state().done())
                            .map(Member::describe).toList();
                    return new RolloutGate.Wait(wave, "waiting for wave " + w.number() + ": " + (w.healthy() + w.failed())
                            + " of " + w.nodes().size() + " nodes done (" + named(open, ", ") + ")", Optional.empty());
                }
            }
            if (mine > 1 && plan.isPresent()) {
                Optional<Instant> previous = waves.get(mine - 2).doneAt();
                if (previous.isPresent()) {
                    Instant opens = previous.get().plus(plan.get().pause());
                    if (now.isBefore(opens)) {
                        return new RolloutGate.Wait(wave, "wave " + (mine - 1) + " was done at " + previous.get()
                                + ", wave " + mine + " starts after the pause of "
                                + GoDuration.format(plan.get().pause()) + ", at " + opens, Optional.of(opens));
                    }
                }
            }
            return done() ? new RolloutGate.Done(mine) : new RolloutGate.Open(mine);
        }
    }

    /** The first {@value #NAMED} items, and how many more. */
    static String named(List<String> items, String separator) {
        String shown = String.join(separator, items.subList(0, Math.min(NAMED, items.size())));
        return items.size() > NAMED ? shown + " and " + (items.size() - NAMED) + " more" : shown;
    }

    private static String count(int nodes) {
        return nodes == 1 ? "1 node" : nodes + " nodes";
    }

    /** The first 12 hex digits of a checksum, as reports show digests. */
    static String abbreviate(String checksum) {
        return checksum.substring(0, Math.min(12, checksum.length()));
    }
}

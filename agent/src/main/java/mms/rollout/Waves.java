package mms.rollout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mms.digest.Sha256;
import mms.spec.FleetShare;

/**
 * Places the nodes taking part in a rollout in its waves, with no coordinator: every node computes
 * the same placement from the same set of identities. Each node gets a number from a hash of its
 * identity, the entry's name and the checksum being rolled out (uniform, so waves are evenly
 * spread; new for every version, so the same nodes are not always first); nodes are ranked by it
 * and the waves take them in rank order, each up to its cumulative size. {@code "1"} is the node
 * with the smallest number; {@code "10%"} of 5 nodes is one node, counted with the waves before.
 * Pure.
 */
public final class Waves {

    private Waves() {}

    /**
     * The placement number of a node: the first 8 bytes of the SHA-256 of
     * {@code identity \n entry \n checksum}, compared as an unsigned number.
     */
    public static long rank(String identity, String entry, String checksum) {
        MessageDigest digest = Sha256.newDigest();
        digest.update((identity + "\n" + entry + "\n" + checksum).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    /**
     * How many nodes the waves hold together, wave by wave: entry {@code i} is the number of nodes in
     * waves 1 to {@code i + 1}. Counts and rounded-up percentages of {@code size}, never decreasing,
     * never above {@code size}, and the last wave ({@code 100%}) holds every node.
     *
     * @param size  how many nodes take part, not negative
     * @param waves the plan's waves, not empty
     */
    public static int[] cumulative(int size, List<FleetShare> waves) {
        if (waves.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one wave");
        }
        int[] bounds = new int[waves.size()];
        int previous = 0;
        for (int i = 0; i < waves.size(); i++) {
            previous = Math.max(previous, waves.get(i).of(size, true));
            bounds[i] = previous;
        }
        bounds[bounds.length - 1] = size;
        return bounds;
    }

    /**
     * Every node's wave, numbered from 1, in rank order (the first node of the first wave first).
     *
     * @param identities the nodes taking part, without duplicates
     * @param entry      the entry's name
     * @param checksum   the checksum being rolled out
     * @param waves      the plan's waves, not empty
     */
    public static Map<String, Integer> place(Collection<String> identities, String entry, String checksum,
                                             List<FleetShare> waves) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(checksum, "checksum");
        record Ranked(String identity, long rank) {}
        List<Ranked> ranked = new ArrayList<>(identities.size());
        for (String identity : identities) {
            ranked.add(new Ranked(identity, rank(identity, entry, checksum)));
        }
        ranked.sort(Comparator.<Ranked>comparingLong(r -> r.rank() ^ Long.MIN_VALUE) // unsigned order
                .thenComparing(Ranked::identity));
        int[] bounds = cumulative(ranked.size(), waves);
        Map<String, Integer> out = new LinkedHashMap<>();
        int wave = 0;
        for (int i = 0; i < ranked.size(); i++) {
            while (i >= bounds[wave]) {
                wave++;
            }
            out.put(ranked.get(i).identity(), wave + 1);
        }
        return out;
    }
}

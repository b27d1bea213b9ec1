package mms.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import mms.spec.FleetShare;
import org.junit.jupiter.api.Test;

class WavesTest {
    static final String CHECKSUM = "f11ea2005de97bf309bafac46e77c01925307a26675f44f388d4502d2b9d00bf";

    private static List<FleetShare> waves(String... sizes) {
        return List.of(sizes).stream().map(FleetShare::parse).toList();
    }

    private static List<String> nodes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "node" + i + ".example.net").toList();
    }

    @Test
    void cumulativeSizesCountTheEarlierWavesAndTheLastHoldsEveryNode() {
        assertThat(Waves.cumulative(4, waves("1", "10%", "50%", "100%"))).containsExactly(1, 1, 2, 4);
        assertThat(Waves.cumulative(100, waves("1", "10%", "50%", "100%"))).containsExactly(1, 10, 50, 100);
        assertThat(Waves.cumulative(3, waves("5", "100%"))).as("a count larger than the fleet").containsExactly(3, 3);
        assertThat(Waves.cumulative(0, waves("1", "100%"))).containsExactly(0, 0);
        assertThat(Waves.cumulative(20, waves("10%", "3", "100%"))).as("mixed forms never shrink")
                .containsExactly(2, 3, 20);
    }

    @Test
    void everyNodeGetsAWaveAndTheWavesHaveTheirSizes() {
        Map<String, Integer> placed = Waves.place(nodes(100), "web", CHECKSUM, waves("1", "10%", "50%", "100%"));
        assertThat(placed).hasSize(100);
        assertThat(Collections.frequency(placed.values(), 1)).isEqualTo(1);
        assertThat(Collections.frequency(placed.values(), 2)).isEqualTo(9);
        assertThat(Collections.frequency(placed.values(), 3)).isEqualTo(40);
        assertThat(Collections.frequency(placed.values(), 4)).isEqualTo(50);
        assertThat(new ArrayList<>(placed.values())).as("in rank order").isSorted();
    }

    @Test
    void thePlacementIsTheSameWhateverOrderTheNodesAreSeenIn() {
        List<String> shuffled = new ArrayList<>(nodes(50));
        Collections.shuffle(shuffled, new java.util.Random(7));
        assertThat(Waves.place(shuffled, "web", CHECKSUM, waves("1", "20%", "100%")))
                .isEqualTo(Waves.place(nodes(50), "web", CHECKSUM, waves("1", "20%", "100%")));
    }

    @Test
    void eachVersionAndEntryHasItsOwnCanary() {
        List<FleetShare> plan = waves("1", "100%");
        String canary = canary(Waves.place(nodes(20), "web", CHECKSUM, plan));
        String otherVersion = canary(Waves.place(nodes(20), "web", CHECKSUM.replace('f', 'e'), plan));
        String otherEntry = canary(Waves.place(nodes(20), "db", CHECKSUM, plan));
        assertThat(List.of(otherVersion, otherEntry)).as("not always the same node first").anyMatch(c -> !c.equals(canary));
    }

    @Test
    void ranksAreEvenlySpread() {
        int[] quarters = new int[4];
        for (String node : nodes(4000)) {
            quarters[(int) (Waves.rank(node, "web", CHECKSUM) >>> 62)]++;
        }
        for (int q : quarters) {
            assertThat(q).as("nodes per quarter of the hash range").isBetween(850, 1150);
        }
    }

    private static String canary(Map<String, Integer> placed) {
        return placed.entrySet().stream().filter(e -> e.getValue() == 1).findFirst().orElseThrow().getKey();
    }
}

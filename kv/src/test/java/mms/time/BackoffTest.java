package mms.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Random random = new Random(1);

    @Test
    void fiveSecSpreadsEveryStepByHalfAroundIt() {
        for (int i = 0; i < 200; i++) {
            assertThat(Backoff.FIVE_SEC.delay(1, random)).isBetween(Duration.ofMillis(125), Duration.ofMillis(375));
            assertThat(Backoff.FIVE_SEC.delay(2, random)).isBetween(Duration.ofMillis(375), Duration.ofMillis(1125));
            assertThat(Backoff.FIVE_SEC.delay(50, random)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(7500));
        }
    }

    @Test
    void fixedNeverChanges() {
        assertThat(Backoff.fixed(Duration.ofSeconds(5)).delay(9, random)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void exponentialDoublesUpToItsMaximumAndNeverWaitsLongerThanTheStep() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(5), Duration.ofMinutes(2));
        assertThat(backoff.steps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofMinutes(2));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(1, random)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
            assertThat(backoff.delay(3, random)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
            assertThat(backoff.delay(1000, random)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
        }
    }

    @Test
    void exponentialWithAMaximumBelowTheFirstStepUsesTheFirstStep() {
        assertThat(Backoff.exponential(Duration.ofSeconds(5), Duration.ofSeconds(1)).steps())
                .containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void nodesThatFailTogetherDoNotRetryTogether() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(5), Duration.ofMinutes(2));
        Set<Duration> waits = new HashSet<>();
        for (int node = 0; node < 100; node++) {
            waits.add(backoff.delay(1, new SplittableRandom(node)));
        }
        assertThat(waits).hasSizeGreaterThan(90);
    }

    @Test
    void aRetryNumberBelowOneCountsAsTheFirst() {
        Backoff backoff = new Backoff(Backoff.millis(100, 200), Backoff.Jitter.NONE);
        assertThat(backoff.delay(0, random)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(7, random)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void refusesNoStepsAndNonPositiveLaterSteps() {
        assertThatThrownBy(() -> new Backoff(List.of(), Backoff.Jitter.NONE)).hasMessageContaining("at least one step");
        assertThatThrownBy(() -> new Backoff(Backoff.millis(10, 0), Backoff.Jitter.NONE))
                .hasMessageContaining("step 2 must be positive");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("first step must be positive");
    }
}

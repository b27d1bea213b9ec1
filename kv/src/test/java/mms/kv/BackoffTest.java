package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void fiveSecStartsAt250msThenFollowsTheTableFromItsSecondEntryWithHalfJitter() {
        Random random = new Random(1);
        assertThat(Backoff.FIVE_SEC.delay(1, random)).isEqualTo(Duration.ofMillis(250));
        for (int i = 0; i < 200; i++) {
            assertThat(Backoff.FIVE_SEC.delay(2, random)).isBetween(Duration.ofMillis(375), Duration.ofMillis(1125));
            assertThat(Backoff.FIVE_SEC.delay(50, random)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(7500));
        }
    }

    @Test
    void fixedNeverChanges() {
        assertThat(Backoff.fixed(Duration.ofSeconds(5)).delay(9, new Random())).isEqualTo(Duration.ofSeconds(5));
    }
}

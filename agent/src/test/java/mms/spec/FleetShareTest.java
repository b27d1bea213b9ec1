package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FleetShareTest {

    @Test
    void readsCountsAndPercentages() {
        assertThat(FleetShare.parse("1").percent()).isFalse();
        assertThat(FleetShare.parse("25").of(100, true)).isEqualTo(25);
        assertThat(FleetShare.parse("10%").percent()).isTrue();
        assertThat(FleetShare.parse("0.5%").of(1000, true)).isEqualTo(5);
        assertThat(FleetShare.parse("100%").isAll()).isTrue();
        assertThat(FleetShare.parse("100.00%").isAll()).isTrue();
        assertThat(FleetShare.parse("10%")).hasToString("10%");
    }

    @Test
    void wavesRoundUpAndToleratedFailuresRoundDown() {
        FleetShare tenth = FleetShare.parse("10%");
        assertThat(tenth.of(5, true)).as("a wave of 10% of 5 nodes holds one").isEqualTo(1);
        assertThat(tenth.of(5, false)).as("10% of 5 nodes tolerates no failure").isZero();
        assertThat(tenth.of(20, false)).isEqualTo(2);
        assertThat(tenth.of(0, true)).isZero();
    }

    @Test
    void aCountNeverExceedsTheFleet() {
        assertThat(FleetShare.parse("25").of(3, true)).isEqualTo(3);
        assertThat(FleetShare.ALL.of(7, true)).isEqualTo(7);
    }

    @Test
    void rejectsWhatIsNeitherACountNorAPercentage() {
        for (String bad : new String[] {"", "-1", "1.5", "10 %", "%", "101%", "1.234%", "ten", "0x10", "1e3", "12345678"}) {
            assertThatThrownBy(() -> FleetShare.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> FleetShare.parse("ten")).hasMessage(
                "'ten' is neither a number of nodes (\"1\", \"25\") nor a percentage (\"10%\", \"0.5%\")");
        assertThatThrownBy(() -> FleetShare.parse("101%")).hasMessage("'101%' is more than 100%");
        assertThatThrownBy(() -> FleetShare.parse("2000000")).hasMessage("'2000000' is more than 1000000 nodes");
    }
}

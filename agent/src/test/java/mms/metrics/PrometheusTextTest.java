package mms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test reader is strict: what it accepts is valid exposition text, what it refuses names the line. */
class PrometheusTextTest {
    static final String VALID = """
            # HELP runs_total Runs.
            # TYPE runs_total counter
            runs_total{machine="a",outcome="ok"} 3.0
            runs_total{machine="b \\"q\\" \\\\ \\n",outcome="ok"} 1
            # TYPE took_seconds histogram
            took_seconds_bucket{machine="a",le="0.1"} 1
            took_seconds_bucket{machine="a",le="+Inf"} 2
            took_seconds_count{machine="a"} 2
            took_seconds_sum{machine="a"} 0.35
            # TYPE up gauge
            up 1 1700000000000
            """;

    @Test
    void readsFamiliesSamplesAndEscapedLabels() {
        PrometheusText text = PrometheusText.parse(VALID);

        assertThat(text.families()).containsExactly("runs_total", "took_seconds", "up");
        assertThat(text.type("took_seconds")).contains("histogram");
        assertThat(text.help("runs_total")).contains("Runs.");
        assertThat(text.value("runs_total", Map.of("machine", "a"))).contains(3.0);
        assertThat(text.value("runs_total", Map.of("machine", "b \"q\" \\ \n"))).contains(1.0);
        assertThat(text.value("up", Map.of())).contains(1.0);
    }

    @Test
    void refusesWhatIsNotTheFormat() {
        assertThatThrownBy(() -> PrometheusText.parse("up 1\n")).hasMessageContaining("line 1: sample outside");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE up gauge\nup{a=b} 1\n")).hasMessageContaining("malformed labels");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE up gauge\nup one\n")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE up gauge\nup 1\nup 2\n")).hasMessageContaining("the same series twice");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE up gauge\nup 1")).hasMessageContaining("newline");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE up gauge\n# TYPE x gauge\nup 1\n")).hasMessageContaining("outside");
        assertThatThrownBy(() -> PrometheusText.parse("""
                # TYPE t histogram
                t_bucket{le="1"} 2
                t_bucket{le="+Inf"} 1
                t_count 1
                """)).hasMessageContaining("not cumulative");
        assertThatThrownBy(() -> PrometheusText.parse("""
                # TYPE t histogram
                t_bucket{le="+Inf"} 2
                t_count 3
                """)).hasMessageContaining("differs");
    }
}

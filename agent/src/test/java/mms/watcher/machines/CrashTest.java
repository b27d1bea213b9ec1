package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few {@link CrashTrials} of each operation, killed at random moments: what the kill left and the
 * convergence after a restart are asserted inside each trial. {@code scripts/bench
 * mms.watcher.machines.bench.CrashBench} runs many more and prints the figures.
 */
class CrashTest {
    private static final int TRIALS_EACH = 3;

    @TempDir
    Path dir;

    @Test
    void anAgentKilledAtAnyMomentOfAnInstallUpgradeOrPurgeLeavesACompleteVersionAndConvergesAfterARestart()
            throws Exception {
        Random random = new Random();
        List<CrashTrials.Outcome> outcomes = new ArrayList<>();
        try (CrashTrials trials = new CrashTrials(dir)) {
            for (int i = 0; i < TRIALS_EACH * CrashTrials.Operation.values().length; i++) {
                outcomes.add(trials.trial(CrashTrials.killDelay(trials.next(), random)));
            }
        }
        assertThat(outcomes).extracting(CrashTrials.Outcome::operation)
                .containsOnly(CrashTrials.Operation.values()).hasSize(TRIALS_EACH * 3);
        outcomes.forEach(o -> System.out.printf("%s killed after %d ms: %s, %s, converged in %d ms%n", o.operation(),
                o.killDelay().toMillis(), o.found(), o.interrupted() ? "unfinished" : "completed",
                o.converged().toMillis()));
    }
}

package mms.watcher.nagios;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerfDataTest {

    @Test
    void parsesTheOriginalsPuppetExample() {
        String output = "OK: last run 3 minutes ago with 0 failed resources 0 failed events and currently enabled"
                + "|time_since_last_run=237s;1;1;0 failed_resources=0;;;0 failed_events=0;;;0 last_run_duration=59.67;;;0";

        assertThat(PerfData.parse(output)).containsExactly(
                new PerfData("s", "time_since_last_run", 237),
                new PerfData("", "failed_resources", 0),
                new PerfData("", "failed_events", 0),
                new PerfData("", "last_run_duration", 59.67));
    }

    @Test
    void keepsTheUnitsNagiosDefinesAndDropsThresholds() {
        assertThat(PerfData.parse("DISK OK|root=2643MB;5000;6000;0;8000 usage=64%;80;90 load=-0.5 io=10c\n"))
                .containsExactly(new PerfData("MB", "root", 2643), new PerfData("%", "usage", 64),
                        new PerfData("", "load", -0.5), new PerfData("c", "io", 10));
    }

    @Test
    void readsQuotedLabelsWholeAndSkipsWhatIsNoNumber() {
        assertThat(PerfData.parse("OK|'time'=1s 'free space'=5KB a=abc b= =5 c=1=2 d=1+2"))
                .containsExactly(new PerfData("s", "time", 1), new PerfData("KB", "free_space", 5),
                        new PerfData("", "", 5));
    }

    @Test
    void needsExactlyOnePipe() {
        assertThat(PerfData.parse("OK: no performance data")).isEmpty();
        assertThat(PerfData.parse("OK|a=1|b=2")).isEmpty();
        assertThat(PerfData.parse("OK|")).isEmpty();
    }
}

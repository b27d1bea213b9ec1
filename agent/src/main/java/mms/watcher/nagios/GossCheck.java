package mms.watcher.nagios;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.json.Json;
import mms.process.ProcessOutcome;
import mms.process.ProcessRequest;
import mms.process.ProcessRunner;
import mms.process.ProgramLookup;
import mms.watcher.MachineCommand;
import mms.watcher.MachineContext;

/**
 * The {@code goss} builtin. The original links goss into the agent; mms runs the {@code goss}
 * program instead: {@code goss --gossfile FILE [--vars OVERRIDES] validate --format structured
 * --max-concurrent 1}, found in the {@code PATH} plugins get (the agent's plus the machine
 * directory) or beside the goss file, and run with the environment plugins get. Its structured report gives the original's output:
 * {@code OK: <summary>|checks=N;; failed=N;; runtime=Ss}, CRITICAL when a test failed. Without a
 * {@code goss} program, or when it fails or prints no report, the check is UNKNOWN and says why.
 */
final class GossCheck {
    private GossCheck() {}

    static CheckResult check(MachineContext machine, String watcher, NagiosProperties properties,
                             Optional<Path> overrides) throws InterruptedException {
        Path gossfile = properties.gossfile().orElseThrow();
        Map<String, String> env = MachineCommand.environment(machine, watcher);
        // goss stands in for what the original links in, so it is also found where a machine
        // ships it: in the machine directory (on the child's PATH) or beside the goss file
        String searched = env.get("PATH");
        Path beside = gossfile.toAbsolutePath().getParent();
        if (beside != null) {
            searched = searched + ":" + beside;
        }
        Optional<Path> goss = ProgramLookup.find("goss", searched, machine.directory());
        if (goss.isEmpty()) {
            return unknown("goss is not installed: no goss program in PATH " + searched);
        }
        List<String> words = new ArrayList<>(List.of(goss.get().toString(), "--gossfile", gossfile.toString()));
        if (overrides.isPresent() && Files.isRegularFile(overrides.get())) {
            words.addAll(List.of("--vars", overrides.get().toString()));
        }
        words.addAll(List.of("validate", "--format", "structured", "--max-concurrent", "1"));
        ProcessRequest request;
        try {
            request = MachineCommand.request(machine, words, env, ProcessRequest.Stdio.capture(
                    ProcessRunner.DEFAULT_CAPTURE_LIMIT), Optional.of(properties.timeout()), false);
        } catch (MachineCommand.Invalid e) {
            return unknown("goss is not installed: " + e.getMessage());
        }
        ProcessOutcome outcome;
        try {
            outcome = ProcessRunner.run(request);
        } catch (IOException e) {
            return unknown("goss validate failed: " + e.getMessage());
        }
        if (outcome instanceof ProcessOutcome.TimedOut timedOut) {
            return unknown("goss validate failed: timed out after " + GoDuration.format(timedOut.timeout()));
        }
        return report(outcome.output().text());
    }

    /** The original's output for goss's structured report. */
    static CheckResult report(String printed) {
        int start = printed.indexOf('{');
        int end = printed.lastIndexOf('}');
        if (start < 0 || end < start) {
            return unknown("goss output invalid: no report in " + abbreviate(printed.strip()));
        }
        JsonNode report;
        try {
            report = Json.mapper().readTree(printed.substring(start, end + 1));
        } catch (IOException e) {
            return unknown("goss output invalid: " + e.getMessage());
        }
        JsonNode summary = report.path("summary");
        if (!summary.path("test-count").isIntegralNumber() || !summary.path("failed-count").isIntegralNumber()) {
            return unknown("goss output invalid: no summary in " + abbreviate(printed.strip()));
        }
        long checks = summary.path("test-count").asLong();
        long failed = summary.path("failed-count").asLong();
        double seconds = summary.path("total-duration").asLong() / 1e9;
        String perfdata = String.format(Locale.ROOT, "checks=%d;; failed=%d;; runtime=%fs", checks, failed, seconds);
        String line = report.path("summary-line").asText();
        if (failed > 0) {
            return new CheckResult(NagiosStatus.CRITICAL, "CRITICAL: " + line + "|" + perfdata);
        }
        return new CheckResult(NagiosStatus.OK, "OK: " + line + "|" + perfdata);
    }

    private static CheckResult unknown(String why) {
        return new CheckResult(NagiosStatus.UNKNOWN, "UNKNOWN: " + why);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}

package mms.watcher;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent offers its monitoring watchers ({@code nagios}, {@code metric}): the
 * original's Scout settings, the agent's own health and its {@code /metrics}.
 *
 * @param textFileDirectory where {@code .prom} files for node_exporter's text file collector are
 *                          written ({@code prometheus_textfile_directory}); empty: none are written
 * @param overrides         the JSON file of per-machine overrides the nagios {@code o} template
 *                          function and goss variables read at each check ({@code scout_overrides});
 *                          empty: none
 * @param health            the agent's health for the nagios {@code choria_status} builtin, not null
 * @param gauges            where metric watchers put their values for {@code /metrics}, not null
 */
public record Monitoring(Optional<Path> textFileDirectory, Optional<Path> overrides, AgentHealth health,
                         GaugeSink gauges) {

    /** No text files, no overrides, no health, no {@code /metrics}. */
    public static final Monitoring NONE = new Monitoring(Optional.empty(), Optional.empty(), AgentHealth.NONE,
            GaugeSink.NONE);

    /** Rejects nulls. */
    public Monitoring {
        Objects.requireNonNull(textFileDirectory, "textFileDirectory");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(gauges, "gauges");
    }
}

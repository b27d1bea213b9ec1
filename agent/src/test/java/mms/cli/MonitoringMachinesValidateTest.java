package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mms machine validate} accepts the original's monitoring machines: Scout checks and
 * metrics as its Puppet module writes them, the status check of its documentation and an
 * expression watcher with its minimal properties.
 */
class MonitoringMachinesValidateTest {
    @TempDir
    Path dir;

    private Path machine(String name, String yaml) throws Exception {
        Path directory = Files.createDirectories(dir.resolve(name));
        Files.writeString(directory.resolve("machine.yaml"), yaml);
        return directory;
    }

    @Test
    void acceptsNagiosMetricAndExpressionMachines() throws Exception {
        machine("check_load", """
                name: check_load
                version: 1.0.0
                initial_state: UNKNOWN
                watchers:
                  - name: check
                    type: nagios
                    interval: 5m
                    state_match: [UNKNOWN, OK, WARNING, CRITICAL]
                    properties:
                      plugin: "/usr/lib/nagios/plugins/check_load -w {{ o \\"warn\\" 5 }} -c 10"
                      timeout: 10s
                  - name: remediate
                    type: exec
                    state_match: [CRITICAL]
                    interval: 15m
                    success_transition: UNKNOWN
                    properties: {command: /usr/local/bin/fix-load}
                transitions:
                  - {name: UNKNOWN, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: UNKNOWN}
                  - {name: OK, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: OK}
                  - {name: WARNING, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: WARNING}
                  - {name: CRITICAL, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: CRITICAL}
                  - {name: FORCE_CHECK, from: [UNKNOWN, OK, WARNING, CRITICAL], destination: FORCE_CHECK}
                  - {name: MAINTENANCE, from: [UNKNOWN, OK, WARNING, CRITICAL, FORCE_CHECK], destination: MAINTENANCE}
                  - {name: RESUME, from: [MAINTENANCE], destination: FORCE_CHECK}
                """);
        machine("check_choria", """
                name: check_choria
                version: 1.0.0
                initial_state: UNKNOWN
                watchers:
                  - name: check_choria
                    type: nagios
                    interval: 5m
                    properties:
                      builtin: choria_status
                      token_expire: 1d
                      pubcert_expire: 1d
                      last_message: 1h
                  - name: goss
                    type: nagios
                    interval: 5m
                    properties: {builtin: goss, gossfile: /etc/goss/goss.yaml}
                transitions:
                  - {name: OK, from: [UNKNOWN], destination: OK}
                """);
        machine("load_metric", """
                name: load_metric
                version: 1.0.0
                initial_state: GATHER
                watchers:
                  - name: load
                    type: metric
                    state_match: [GATHER]
                    properties:
                      command: "/usr/lib/nagios/plugins/check_load "
                      interval: 1m
                      labels: {dc: lon}
                transitions:
                  - {name: MAINTENANCE, from: [GATHER], destination: MAINTENANCE}
                  - {name: RESUME, from: [MAINTENANCE], destination: GATHER}
                """);
        machine("ready", """
                name: ready
                version: 1.0.0
                initial_state: waiting
                watchers:
                  - name: ready
                    type: expression
                    success_transition: go
                    properties: {success_when: "data.ready == true && identity matches '^web'"}
                transitions:
                  - {name: go, from: [waiting], destination: running}
                """);

        MainTest.Result r = MainTest.run("machine", "validate", dir.resolve("check_load").toString(),
                dir.resolve("check_choria").toString(), dir.resolve("load_metric").toString(),
                dir.resolve("ready").toString());

        assertThat(r.out()).doesNotContain("error:", "warning:");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("ok: " + dir.resolve("check_load/machine.yaml"),
                "ok: " + dir.resolve("check_choria/machine.yaml"), "ok: " + dir.resolve("load_metric/machine.yaml"),
                "ok: " + dir.resolve("ready/machine.yaml"));
    }

    @Test
    void namesTheBadPropertyOfEachType() throws Exception {
        machine("bad", """
                name: bad
                version: 1.0.0
                initial_state: a
                watchers:
                  - {name: n, type: nagios, properties: {builtin: goss}}
                  - {name: m, type: metric, properties: {}}
                  - {name: e, type: expression, properties: {success_when: "data.x =="}}
                transitions:
                  - {name: go, from: [a], destination: b}
                """);

        MainTest.Result r = MainTest.run("machine", "validate", dir.resolve("bad").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("watchers[0] 'n': properties of nagios watcher 'n': gossfile property is required"
                        + " for the goss builtin check")
                .contains("watchers[1] 'm': properties of metric watcher 'm': command is required")
                .contains("watchers[2] 'e': property 'success_when' of expression watcher 'e': 'data.x ==' does not compile");
    }
}

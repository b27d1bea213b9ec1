package mms.watcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent can tell a watcher about its own health: the nagios watcher's
 * {@code choria_status} builtin, which in the original reads the server's status file. Called on
 * each check; must be quick and thread-safe.
 */
@FunctionalInterface
public interface AgentHealth {

    /** An agent that keeps no status (tests, tools). */
    AgentHealth NONE = Optional::empty;

    /**
     * The agent's health now.
     *
     * @return the report; empty when the agent keeps no status record ({@code mms machine run})
     */
    Optional<Report> report();

    /**
     * The agent's health at one moment.
     *
     * @param started         when the agent started
     * @param statusInterval  how often it rewrites its status record at the latest ({@code status_interval})
     * @param statusWritten   when the store last took its status record; empty before the first write
     * @param storeConnected  whether its key-value store is open and connected now
     * @param certificate     the PEM client certificate it connects to the store with ({@code store_tls_cert}), if any
     * @param credentials     the NATS credentials file holding its user JWT ({@code store_credentials}), if any
     * @param machines        how many machines it runs
     * @param specificationProblem what is wrong with the last specification its manager saw (rejected,
     *                        or failed to apply), in a few words; empty when it applied it or runs no manager
     */
    record Report(Instant started, Duration statusInterval, Optional<Instant> statusWritten, boolean storeConnected,
                  Optional<Path> certificate, Optional<Path> credentials, int machines,
                  Optional<String> specificationProblem) {

        /** Rejects nulls. */
        public Report {
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(statusInterval, "statusInterval");
            Objects.requireNonNull(statusWritten, "statusWritten");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(specificationProblem, "specificationProblem");
        }
    }
}

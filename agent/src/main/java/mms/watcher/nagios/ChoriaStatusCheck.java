package mms.watcher.nagios;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.watcher.AgentHealth;

/**
 * The {@code choria_status} builtin: the agent's own health, as the original checks its server's
 * status file. mms keeps no status file; the same questions are asked of the agent itself
 * ({@link AgentHealth}):
 *
 * <ul>
 *   <li>the status file not updated for 3 intervals → the agent's status record not taken by the
 *       store for 3 {@code status_interval}s (the fleet sees the node as stale);
 *   <li>{@code pubcert_expire}, {@code token_expire} → the store client certificate
 *       ({@code store_tls_cert}) and the JWT of the store credentials ({@code store_credentials});
 *   <li>{@code last_message} (the last RPC request received) → the last time the store took the
 *       status record: the agent's last confirmed contact with the fleet; as in the original, an
 *       agent that started less than {@code last_message} ago and never reached the store is fine;
 *   <li>not connected to a broker → the store not connected;
 *   <li>in addition, a specification the manager rejected or failed to apply is a WARNING.
 * </ul>
 *
 * The performance data keeps the original's names where they apply ({@code uptime},
 * {@code last_msg}, {@code cert_expire_seconds}, {@code token_expire_seconds}) and adds
 * {@code machines}; the message counters of a Choria server have no equivalent.
 */
final class ChoriaStatusCheck {
    /** Go's {@code math.MaxInt}: the original's expiry when there is no certificate or token. */
    private static final long NEVER_EXPIRES = Long.MAX_VALUE;
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ChoriaStatusCheck() {}

    static CheckResult check(NagiosProperties properties, Optional<AgentHealth.Report> health, Instant now) {
        if (health.isEmpty()) {
            return new CheckResult(NagiosStatus.UNKNOWN, "UNKNOWN: this agent keeps no status record");
        }
        AgentHealth.Report report = health.get();
        Expiry certificate = expiry(report.certificate(), CredentialExpiry::certificate);
        Expiry token = expiry(report.credentials(), file -> CredentialExpiry.token(file).orElse(null));
        long lastMessage = report.statusWritten().map(Instant::getEpochSecond).orElse(0L);
        String perfdata = "uptime=" + Duration.between(report.started(), now).toSeconds() + ";; last_msg=" + lastMessage
                + ";; cert_expire_seconds=" + certificate.secondsLeft(now) + ";; token_expire_seconds="
                + token.secondsLeft(now) + ";; machines=" + report.machines() + ";;";

        Duration stale = report.statusInterval().multipliedBy(3);
        Instant lastSeen = report.statusWritten().orElse(report.started());
        if (lastSeen.plus(stale).isBefore(now)) {
            return critical("status record older than " + GoDuration.format(stale) + " (last written "
                    + report.statusWritten().map(ChoriaStatusCheck::goTime).orElse("never") + ")", perfdata);
        }
        if (!properties.pubcertExpire().isZero()) {
            Optional<String> problem = certificate.problem("certificate", properties.pubcertExpire(), now);
            if (problem.isPresent()) {
                return critical(problem.get(), perfdata);
            }
        }
        if (!properties.tokenExpire().isZero()) {
            Optional<String> problem = token.problem("token", properties.tokenExpire(), now);
            if (problem.isPresent()) {
                return critical(problem.get(), perfdata);
            }
        }
        boolean graceAfterStart = report.statusWritten().isEmpty()
                && Duration.between(report.started(), now).compareTo(properties.lastMessage()) < 0;
        Instant previous = Instant.ofEpochSecond(lastMessage);
        if (!graceAfterStart && previous.isBefore(now.minus(properties.lastMessage()))) {
            return critical("last message at " + goTime(previous), perfdata);
        }
        if (!report.storeConnected()) {
            return critical("Not connected to any server", perfdata);
        }
        if (report.specificationProblem().isPresent()) {
            return new CheckResult(NagiosStatus.WARNING, "WARNING: " + report.specificationProblem().get() + "|"
                    + perfdata);
        }
        return new CheckResult(NagiosStatus.OK, "OK: status record written " + goTime(previous) + "|" + perfdata);
    }

    private static CheckResult critical(String why, String perfdata) {
        return new CheckResult(NagiosStatus.CRITICAL, "CRITICAL: " + why + "|" + perfdata);
    }

    /** Go's {@code time.Time} {@code %v} in UTC, as the original's messages print times. */
    static String goTime(Instant instant) {
        return GO_TIME.format(instant) + " +0000 UTC";
    }

    @FunctionalInterface
    private interface Reader {
        Instant read(Path file) throws IOException;
    }

    /** When a credential expires: never (no file, or no expiry in it), at a time, or unknown because it cannot be read. */
    private record Expiry(Optional<Instant> at, Optional<String> unreadable) {
        long secondsLeft(Instant now) {
            return at.map(t -> Duration.between(now, t).toSeconds()).orElse(NEVER_EXPIRES);
        }

        Optional<String> problem(String what, Duration within, Instant now) {
            if (unreadable.isPresent()) {
                return Optional.of("cannot read the " + what + ": " + unreadable.get());
            }
            if (at.isEmpty() || !Duration.between(now, at.get()).minus(within).isNegative()) {
                return Optional.empty();
            }
            Duration left = Duration.ofSeconds(Math.round(Duration.between(now, at.get()).toMillis() / 1000.0));
            return Optional.of(what + " expires " + goTime(at.get()) + " (" + GoDuration.format(left) + ")");
        }
    }

    private static Expiry expiry(Optional<Path> file, Reader reader) {
        if (file.isEmpty()) {
            return new Expiry(Optional.empty(), Optional.empty());
        }
        try {
            return new Expiry(Optional.ofNullable(reader.read(file.get())), Optional.empty());
        } catch (IOException e) {
            return new Expiry(Optional.empty(), Optional.of(e.getMessage()));
        }
    }
}

package mms.watcher.gossip;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mms.template.Template;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/**
 * The {@code properties} of a gossip watcher, and its watcher-level {@code interval}. Either a
 * {@code subject} and a {@code payload}, or a {@code registration}, never both.
 *
 * @param subject      {@code subject}: template of the subject to publish to; required without
 *                     registration, empty with one
 * @param payload      {@code payload}: template of the message body; required without
 *                     registration, empty with one
 * @param ttlSeconds   {@code ttl_seconds}: when above 0, each message carries the header
 *                     {@value #TTL_HEADER}{@code : <n>s}, as the original's; default 0
 * @param registration {@code registration}: publish this service registration instead
 * @param interval     the watcher's {@code interval}: how often to publish while active; default
 *                     {@link #DEFAULT_INTERVAL}, no minimum
 */
public record GossipProperties(String subject, String payload, long ttlSeconds,
                               Optional<ServiceRegistration> registration, Duration interval) {

    /** Publication period when the watcher has no {@code interval}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /**
     * The header {@code ttl_seconds} sets. It is the original's name, kept byte for byte; note
     * that nats-server's per-message TTL (2.11 and later) reads {@code Nats-TTL}, not this one.
     */
    public static final String TTL_HEADER = "Nats-TTLSeconds";

    /** Rejects nulls. */
    public GossipProperties {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(interval, "interval");
    }

    /**
     * Reads and validates the properties in the original's order: without registration subject
     * then payload are required; with one they must be unset and the registration must be
     * complete. A subject that is not a template is checked here; a templated one when rendered.
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static GossipProperties parse(WatcherSettings settings, WatcherProperties p) throws WatcherConfigException {
        String subject = p.string("subject", "");
        String payload = p.string("payload", "");
        Optional<WatcherProperties> registration = p.nested("registration");
        Optional<ServiceRegistration> service = Optional.empty();
        if (registration.isEmpty()) {
            if (subject.isEmpty()) {
                throw p.missing("subject");
            }
            if (payload.isEmpty()) {
                throw p.missing("payload");
            }
            if (!Template.isTemplate(subject)) {
                Optional<String> invalid = invalidSubject(subject);
                if (invalid.isPresent()) {
                    throw p.bad("subject", subject, invalid.get());
                }
            }
        } else {
            if (!subject.isEmpty()) {
                throw p.bad("subject", subject, "cannot be set with registration: a registration has its own subject");
            }
            if (!payload.isEmpty()) {
                throw p.bad("payload", payload, "cannot be set with registration: a registration is its own payload");
            }
            service = Optional.of(ServiceRegistration.parse(registration.get()));
            if (!Template.isTemplate(service.get().prefix())) {
                Optional<String> invalid = invalidSubject(service.get().subject("instance"));
                if (invalid.isPresent()) {
                    throw registration.get().bad("prefix", service.get().prefix(), "makes an invalid subject: " + invalid.get());
                }
            }
        }
        long ttl = p.integer("ttl_seconds", 0);
        Duration interval = settings.hasInterval() ? settings.interval() : DEFAULT_INTERVAL;
        return new GossipProperties(subject, payload, ttl, service, interval);
    }

    /**
     * Why {@code subject} cannot be published to, as the original checks it (no space, {@code ^},
     * {@code *} or {@code ..}) and a little more (no other white space, no {@code >} wildcard, no
     * empty first or last token).
     *
     * @return the reason; empty when it is fine
     */
    public static Optional<String> invalidSubject(String subject) {
        if (subject.isEmpty()) {
            return Optional.of("is not a valid subject: it is empty");
        }
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (Character.isWhitespace(c) || c == '^' || c == '*') {
                String what = c == ' ' ? "a space"
                        : Character.isWhitespace(c) ? String.format("white space (\\u%04x)", (int) c) : "'" + c + "'";
                return Optional.of("is not a valid subject: it contains " + what);
            }
        }
        if (subject.contains("..") || subject.startsWith(".") || subject.endsWith(".")) {
            return Optional.of("is not a valid subject: it has an empty token");
        }
        for (String token : subject.split("\\.")) {
            if (token.equals(">")) {
                return Optional.of("is not a valid subject: it contains the wildcard '>'");
            }
        }
        return Optional.empty();
    }

    /** The subject template for a machine instance: the registration's, or {@code subject}. */
    public String subjectTemplate(String instanceId) {
        return registration.map(r -> r.subject(instanceId)).orElse(subject);
    }

    /** The headers of each message: the TTL header when {@code ttl_seconds} is above 0. */
    public Map<String, String> headers() {
        return ttlSeconds > 0 ? Map.of(TTL_HEADER, ttlSeconds + "s") : Map.of();
    }
}

package mms.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import mms.digest.Sha256;
import mms.json.Json;

/**
 * A versioned specification: {@code machines.json} signed together with what makes it impossible
 * to replay, freeze or misdirect, in an {@link Envelope} of type {@value #PAYLOAD_TYPE}. The
 * signed payload is one JSON object:
 *
 * <pre>{@code
 * {"serial":43,"issued":"2026-05-01T10:00:00Z","expires":"2026-05-31T10:00:00Z",
 *  "audience":"production","machines":[{"name":"facts","source":"https://...", ...}]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code serial}: an integer from 1 to {@value #MAX_SERIAL} (2^53 - 1, exact in every JSON
 *       reader); each publication uses a higher one. A node refuses a serial below the highest it
 *       applied (a rollback) and the same serial with other content (a replay).</li>
 *   <li>{@code issued}: when it was packed, RFC 3339; informational.</li>
 *   <li>{@code expires}: optional, RFC 3339, after {@code issued}. A node refuses it once expired
 *       (a freeze: an attacker serving an old specification for ever) and, when it is the one
 *       applied, keeps running it and reports itself stale.</li>
 *   <li>{@code audience}: 1 to {@value #MAX_AUDIENCE_LENGTH} characters naming the nodes it is for
 *       (e.g. {@code production}, or the default {@code MACHINES/machines}); a node refuses any
 *       other.</li>
 *   <li>{@code machines}: the entries of {@code machines.json} (an array, or {@code null}), checked
 *       by {@link MachinesValidator} as in the original's format.</li>
 * </ul>
 *
 * <p>Reading is strict: members are case-sensitive, none may be missing, unknown, duplicated or of
 * another type, and the payload must be UTF-8. Immutable and thread-safe.
 */
public final class VersionedSpecification {

    /** The envelope's {@code payloadType}. */
    public static final String PAYLOAD_TYPE = "application/vnd.mms.specification.v1+json";
    /** The highest serial: 2^53 - 1, so that no JSON reader rounds it. */
    public static final long MAX_SERIAL = (1L << 53) - 1;
    /** The longest audience. */
    public static final int MAX_AUDIENCE_LENGTH = 256;

    private static final Set<String> REQUIRED = Set.of("serial", "issued", "audience", "machines");
    private static final Set<String> OPTIONAL = Set.of("expires");
    private static final String WHAT = "specification payload";

    private final Envelope envelope;
    private final Header header;
    private final byte[] machines;

    private VersionedSpecification(Envelope envelope, Header header, byte[] machines) {
        this.envelope = envelope;
        this.header = header;
        this.machines = machines;
    }

    /**
     * What is signed besides the machines.
     *
     * @param serial   from 1 to {@link #MAX_SERIAL}
     * @param issued   when it was packed, not null
     * @param expires  when nodes stop accepting it, after {@code issued}; empty for never
     * @param audience which nodes it is for, see {@link #checkAudience}
     */
    public record Header(long serial, Instant issued, Optional<Instant> expires, String audience) {

        /**
         * Checks every value.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public Header {
            Objects.requireNonNull(issued, "issued");
            Objects.requireNonNull(expires, "expires");
            Objects.requireNonNull(audience, "audience");
            if (serial < 1 || serial > MAX_SERIAL) {
                throw new IllegalArgumentException("serial " + serial + " is not between 1 and " + MAX_SERIAL);
            }
            if (expires.isPresent() && !expires.get().isAfter(issued)) {
                throw new IllegalArgumentException("expires " + expires.get() + " is not after issued " + issued);
            }
            String problem = audienceProblem(audience);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    /**
     * An unsigned specification of {@code machinesJson}; add signatures with {@link #signedBy}.
     * Times are kept to the second.
     *
     * @param machinesJson the {@code machines.json} bytes, not null; validate them first with
     *                     {@link MachinesValidator}
     * @param header       serial, times and audience, not null
     * @throws SpecificationException when {@code machinesJson} is not a JSON array or null
     */
    public static VersionedSpecification create(byte[] machinesJson, Header header) throws SpecificationException {
        Objects.requireNonNull(header, "header");
        JsonNode list = Envelope.readStrictly(utf8(machinesJson, "machines.json"), MachinesValidator.MAX_DEPTH,
                "machines.json");
        if (!list.isArray() && !list.isNull()) {
            throw new SpecificationException("invalid machines.json: expected an array, got " + Specification.kind(list));
        }
        Instant issued = header.issued().truncatedTo(ChronoUnit.SECONDS);
        Optional<Instant> expires = header.expires().map(e -> e.truncatedTo(ChronoUnit.SECONDS));
        Header kept = new Header(header.serial(), issued, expires, header.audience());
        ObjectNode payload = Json.object();
        payload.put("serial", kept.serial());
        payload.put("issued", issued.toString());
        expires.ifPresent(e -> payload.put("expires", e.toString()));
        payload.put("audience", kept.audience());
        payload.set("machines", list);
        byte[] bytes = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        return new VersionedSpecification(Envelope.unsigned(PAYLOAD_TYPE, bytes), kept,
                Json.write(list).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads an envelope and its payload.
     *
     * @param json the envelope text, not null
     * @throws SpecificationException naming what is wrong; signatures are not checked
     */
    public static VersionedSpecification parse(String json) throws SpecificationException {
        return read(Envelope.parse(json));
    }

    /**
     * Reads the payload of {@code envelope}.
     *
     * @param envelope an envelope, not null
     * @throws SpecificationException when it is another type of document or its payload breaks a
     *     rule of the class documentation; signatures are not checked
     */
    public static VersionedSpecification read(Envelope envelope) throws SpecificationException {
        Objects.requireNonNull(envelope, "envelope");
        if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
            throw new SpecificationException("not a specification: the envelope's payloadType is '"
                    + Excerpt.of(envelope.payloadType()) + "', expected " + PAYLOAD_TYPE);
        }
        JsonNode root = Envelope.readStrictly(utf8(envelope.payload(), WHAT), MachinesValidator.MAX_DEPTH + 1, WHAT);
        if (!root.isObject()) {
            throw new SpecificationException("invalid " + WHAT + ": expected a json object, got " + Specification.kind(root));
        }
        Envelope.requireMembers(root, REQUIRED, OPTIONAL, WHAT);
        long serial = serial(root.get("serial"));
        Instant issued = time(root, "issued", WHAT);
        Optional<Instant> expires = root.has("expires") ? Optional.of(time(root, "expires", WHAT)) : Optional.empty();
        if (expires.isPresent() && !expires.get().isAfter(issued)) {
            throw new SpecificationException("invalid " + WHAT + ": expires " + expires.get() + " is not after issued "
                    + issued);
        }
        JsonNode audience = root.get("audience");
        if (!audience.isTextual()) {
            throw new SpecificationException("invalid " + WHAT + ": audience must be a string, got "
                    + Specification.kind(audience));
        }
        String problem = audienceProblem(audience.textValue());
        if (problem != null) {
            throw new SpecificationException("invalid " + WHAT + ": " + problem);
        }
        JsonNode machines = root.get("machines");
        if (!machines.isArray() && !machines.isNull()) {
            throw new SpecificationException("invalid " + WHAT + ": machines must be an array, got "
                    + Specification.kind(machines));
        }
        return new VersionedSpecification(envelope, new Header(serial, issued, expires, audience.textValue()),
                Json.write(machines).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Why {@code audience} cannot name nodes, or null when it can: it must be 1 to
     * {@value #MAX_AUDIENCE_LENGTH} characters of unicode text without control characters or
     * surrounding blanks.
     */
    public static String audienceProblem(String audience) {
        if (audience.isEmpty() || audience.length() > MAX_AUDIENCE_LENGTH) {
            return "audience must be 1 to " + MAX_AUDIENCE_LENGTH + " characters, got " + audience.length();
        }
        if (!audience.strip().equals(audience) || audience.chars().anyMatch(Character::isISOControl)) {
            return "audience '" + Excerpt.of(audience) + "' has control characters or surrounding blanks";
        }
        if (audience.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)) {
            return "audience '" + Excerpt.of(audience) + "' is not unicode text (a lone surrogate)";
        }
        return null;
    }

    /** This specification with {@code key}'s signature added (replacing an earlier one by the same key). */
    public VersionedSpecification signedBy(Ed25519PrivateKey key) {
        return new VersionedSpecification(envelope.signedBy(key), header, machines);
    }

    /** The envelope. */
    public Envelope envelope() {
        return envelope;
    }

    /** Serial, times and audience. */
    public Header header() {
        return header;
    }

    /** The serial. */
    public long serial() {
        return header.serial();
    }

    /** The {@code machines} member as compact JSON, what {@link MachinesValidator} checks; a fresh copy. */
    public byte[] machines() {
        return machines.clone();
    }

    /**
     * Lowercase hex SHA-256 of the signed payload: equal for the same content whatever its
     * signatures, so a node tells the specification it applied from another with the same serial.
     */
    public String payloadDigest() {
        return Sha256.of(envelope.payload());
    }

    /** Whether it has expired at {@code now}, allowing {@code skew} for clocks that disagree. */
    public boolean expiredAt(Instant now, Duration skew) {
        return header.expires().isPresent() && now.isAfter(header.expires().get().plus(skew));
    }

    /** The compact envelope JSON; {@code mms pack} prints it plus a newline. */
    public String toJson() {
        return envelope.toJson();
    }

    @Override
    public String toString() {
        return toJson();
    }

    private static long serial(JsonNode node) throws SpecificationException {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > MAX_SERIAL) {
            throw new SpecificationException("invalid " + WHAT + ": serial must be an integer from 1 to " + MAX_SERIAL
                    + ", got " + Excerpt.of(node.toString()));
        }
        return node.longValue();
    }

    /** An RFC 3339 time member, e.g. {@code 2026-05-01T10:00:00Z}. */
    static Instant time(JsonNode object, String member, String what) throws SpecificationException {
        JsonNode value = object.get(member);
        if (!value.isTextual()) {
            throw new SpecificationException("invalid " + what + ": " + member + " must be an RFC 3339 time string, got "
                    + Specification.kind(value));
        }
        try {
            return OffsetDateTime.parse(value.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new SpecificationException("invalid " + what + ": " + member + " '" + Excerpt.of(value.textValue())
                    + "' is not an RFC 3339 time such as 2026-05-01T10:00:00Z", e);
        }
    }

    /** Decodes UTF-8, refusing malformed sequences instead of replacing them. */
    static String utf8(byte[] bytes, String what) throws SpecificationException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecificationException("invalid " + what + ": not UTF-8 text", e);
        }
    }
}

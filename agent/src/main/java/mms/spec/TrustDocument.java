package mms.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import mms.digest.Sha256;
import mms.json.Json;

/**
 * A trust document: which keys sign a fleet's specifications and how many of them must, itself
 * signed, in an {@link Envelope} of type {@value #PAYLOAD_TYPE}. The signed payload:
 *
 * <pre>{@code
 * {"version":3,"issued":"2026-05-01T10:00:00Z","threshold":2,
 *  "keys":[{"keyid":"<sha-256 of the key, hex>","public_key":"<64 hex>"}, ...]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code version}: from 1 to {@value VersionedSpecification#MAX_SERIAL}; each rotation uses a
 *       higher one.</li>
 *   <li>{@code threshold}: how many distinct listed keys must sign a specification, and a
 *       rotation; from 1 to the number of keys.</li>
 *   <li>{@code keys}: 1 to {@value #MAX_KEYS} Ed25519 public keys, each with its {@link KeyId},
 *       which must match; no key twice.</li>
 * </ul>
 *
 * <p>A document is {@linkplain #selfCheck() self-signed} when a threshold of its own keys signed
 * it: required of every document a node starts from (the {@code trust_file} setting, or the one
 * compiled into the build). A newer document replaces the trusted one ({@link #successorProblem})
 * only when a threshold of the <em>trusted</em> keys signed it, and a threshold of its own (so
 * nobody is named a signer without holding the key). Reading is as strict as for
 * {@link VersionedSpecification}. Immutable and thread-safe.
 */
public final class TrustDocument {

    /** The envelope's {@code payloadType}. */
    public static final String PAYLOAD_TYPE = "application/vnd.mms.trust.v1+json";
    /**
     * The key trust documents are published under, in the bucket of the specification they
     * govern: {@code mms kv put MACHINES trust - < trust.json}.
     */
    public static final String STORE_KEY = "trust";
    /** The most keys a document lists. */
    public static final int MAX_KEYS = 64;

    private static final Set<String> MEMBERS = Set.of("version", "issued", "threshold", "keys");
    private static final Set<String> KEY_MEMBERS = Set.of("keyid", "public_key");
    private static final String WHAT = "trust document";

    private final Envelope envelope;
    private final long version;
    private final Instant issued;
    private final Keyring keyring;

    private TrustDocument(Envelope envelope, long version, Instant issued, Keyring keyring) {
        this.envelope = envelope;
        this.version = version;
        this.issued = issued;
        this.keyring = keyring;
    }

    /**
     * An unsigned document; add signatures with {@link #signedBy}.
     *
     * @param version from 1 to {@link VersionedSpecification#MAX_SERIAL}
     * @param issued  when it was made, kept to the second, not null
     * @param keyring the keys and threshold, at most {@value #MAX_KEYS} keys, not null
     * @throws IllegalArgumentException when the version or the number of keys is out of range
     */
    public static TrustDocument create(long version, Instant issued, Keyring keyring) {
        Objects.requireNonNull(keyring, "keyring");
        if (version < 1 || version > VersionedSpecification.MAX_SERIAL) {
            throw new IllegalArgumentException("version " + version + " is not between 1 and "
                    + VersionedSpecification.MAX_SERIAL);
        }
        if (keyring.keys().size() > MAX_KEYS) {
            throw new IllegalArgumentException(keyring.keys().size() + " keys, a trust document lists at most " + MAX_KEYS);
        }
        Instant kept = issued.truncatedTo(ChronoUnit.SECONDS);
        ObjectNode payload = Json.object();
        payload.put("version", version);
        payload.put("issued", kept.toString());
        payload.put("threshold", keyring.threshold());
        ArrayNode keys = payload.putArray("keys");
        for (Ed25519PublicKey key : keyring.keys()) {
            keys.addObject().put("keyid", key.keyId().hex()).put("public_key", key.hex());
        }
        return new TrustDocument(Envelope.unsigned(PAYLOAD_TYPE, Json.write(payload).getBytes(StandardCharsets.UTF_8)),
                version, kept, keyring);
    }

    /**
     * Reads a document and its payload.
     *
     * @param json the envelope text, not null
     * @throws SpecificationException naming what is wrong; signatures are not checked
     */
    public static TrustDocument parse(String json) throws SpecificationException {
        return read(Envelope.parse(json));
    }

    /**
     * Reads a document a node starts from: it must be self-signed ({@link #selfCheck()}).
     *
     * @param json   the envelope text, not null
     * @param source where it comes from, for messages (e.g. {@code trust file /etc/mms/trust.json})
     * @throws SpecificationException naming {@code source} when it does not parse or a threshold
     *     of its own keys did not sign it
     */
    public static TrustDocument parseSelfSigned(String json, String source) throws SpecificationException {
        TrustDocument document;
        try {
            document = parse(json);
        } catch (SpecificationException e) {
            throw new SpecificationException(source + ": " + e.getMessage(), e);
        }
        SignatureCheck check = document.selfCheck();
        if (!check.met()) {
            throw new SpecificationException(source + ": trust document version " + document.version()
                    + " is not signed by a threshold of its own keys: " + check.describe());
        }
        return document;
    }

    /**
     * Reads the payload of {@code envelope}.
     *
     * @throws SpecificationException when it is another type of document or its payload breaks a
     *     rule of the class documentation; signatures are not checked
     */
    public static TrustDocument read(Envelope envelope) throws SpecificationException {
        Objects.requireNonNull(envelope, "envelope");
        if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
            throw new SpecificationException("not a trust document: the envelope's payloadType is '"
                    + Excerpt.of(envelope.payloadType()) + "', expected " + PAYLOAD_TYPE);
        }
        JsonNode root = Envelope.readStrictly(VersionedSpecification.utf8(envelope.payload(), WHAT), 3, WHAT);
        if (!root.isObject()) {
            throw invalid("expected a json object, got " + Specification.kind(root));
        }
        Envelope.requireMembers(root, MEMBERS, WHAT);
        long version = integer(root, "version", VersionedSpecification.MAX_SERIAL);
        Instant issued = VersionedSpecification.time(root, "issued", WHAT);
        JsonNode list = root.get("keys");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_KEYS) {
            throw invalid("keys must be an array of 1 to " + MAX_KEYS + " keys, got "
                    + (list.isArray() ? list.size() + " keys" : Specification.kind(list)));
        }
        List<Ed25519PublicKey> keys = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Ed25519PublicKey key = key(list.get(i), "keys[" + i + "]");
            if (keys.contains(key)) {
                throw invalid("keys[" + i + "] lists key " + key.keyId().abbreviated() + "... a second time");
            }
            keys.add(key);
        }
        long threshold = integer(root, "threshold", keys.size());
        return new TrustDocument(envelope, version, issued, new Keyring(keys, (int) threshold));
    }

    /** This document with {@code key}'s signature added (replacing an earlier one by the same key). */
    public TrustDocument signedBy(Ed25519PrivateKey key) {
        return new TrustDocument(envelope.signedBy(key), version, issued, keyring);
    }

    /**
     * The next version with other keys or threshold, unsigned: to be signed by a threshold of
     * this document's keys and a threshold of its own.
     *
     * @param keyring the new keys and threshold, not null
     * @param issued  when it was made, not null
     */
    public TrustDocument next(Keyring keyring, Instant issued) {
        return create(version + 1, issued, keyring);
    }

    /** Its signatures checked against its own keys: a document a node starts from must meet the threshold. */
    public SignatureCheck selfCheck() {
        return keyring.check(envelope);
    }

    /**
     * Why this document cannot replace the trusted {@code current}, or empty when it can: its
     * version must be higher, and a threshold of {@code current}'s keys and a threshold of its own
     * must have signed it.
     *
     * @param current the keys trusted now, not null
     * @param currentVersion the trusted document's version, 0 when the node trusts configured keys
     */
    public Optional<String> successorProblem(Keyring current, long currentVersion) {
        if (version <= currentVersion) {
            return Optional.of("trust document version " + version + " is not newer than the trusted version "
                    + currentVersion);
        }
        SignatureCheck byCurrent = current.check(envelope);
        if (!byCurrent.met()) {
            return Optional.of("trust document version " + version + " is not signed by a threshold of the trusted keys"
                    + (currentVersion == 0 ? "" : " of version " + currentVersion) + ": " + byCurrent.describe());
        }
        SignatureCheck byOwn = selfCheck();
        if (!byOwn.met()) {
            return Optional.of("trust document version " + version + " is not signed by a threshold of its own keys: "
                    + byOwn.describe());
        }
        return Optional.empty();
    }

    /** The envelope. */
    public Envelope envelope() {
        return envelope;
    }

    /** The version. */
    public long version() {
        return version;
    }

    /** When it was made. */
    public Instant issued() {
        return issued;
    }

    /** Its keys and threshold. */
    public Keyring keyring() {
        return keyring;
    }

    /** Lowercase hex SHA-256 of the signed payload: the same content has the same digest whatever its signatures. */
    public String payloadDigest() {
        return Sha256.of(envelope.payload());
    }

    /** The compact envelope JSON. */
    public String toJson() {
        return envelope.toJson();
    }

    @Override
    public String toString() {
        return toJson();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustDocument d && envelope.equals(d.envelope);
    }

    @Override
    public int hashCode() {
        return envelope.hashCode();
    }

    private static long integer(JsonNode root, String member, long max) throws SpecificationException {
        JsonNode node = root.get(member);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > max) {
            throw invalid(member + " must be an integer from 1 to " + max + ", got " + Excerpt.of(node.toString()));
        }
        return node.longValue();
    }

    private static Ed25519PublicKey key(JsonNode node, String where) throws SpecificationException {
        if (!node.isObject()) {
            throw invalid(where + " must be an object, got " + Specification.kind(node));
        }
        Envelope.requireMembers(node, KEY_MEMBERS, WHAT + ": " + where);
        JsonNode hex = node.get("public_key");
        JsonNode id = node.get("keyid");
        if (!hex.isTextual() || !id.isTextual()) {
            throw invalid(where + ": keyid and public_key must be strings");
        }
        Ed25519PublicKey key;
        try {
            key = Ed25519PublicKey.parse(hex.textValue());
        } catch (KeyFormatException e) {
            throw invalid(where + ".public_key: " + e.getMessage());
        }
        if (!key.keyId().hex().equals(id.textValue())) {
            throw invalid(where + ".keyid '" + Excerpt.of(id.textValue()) + "' is not the id of its public key, "
                    + key.keyId().hex());
        }
        return key;
    }

    private static SpecificationException invalid(String problem) {
        return new SpecificationException("invalid " + WHAT + ": " + problem);
    }
}

package mms.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mms.json.Json;
import mms.json.JsonBounds;

/**
 * A signed document in the DSSE v1 envelope
 * (<a href="https://github.com/secure-systems-lab/dsse">Dead Simple Signing Envelope</a>, as used by
 * in-toto and Sigstore), the container of versioned specifications ({@link VersionedSpecification})
 * and trust documents ({@link TrustDocument}):
 *
 * <pre>{@code
 * {"payloadType":"application/vnd.mms.specification.v1+json",
 *  "payload":"<standard base64, padded>",
 *  "signatures":[{"keyid":"<64 hex: sha-256 of the public key>","sig":"<standard base64 of 64 bytes>"}]}
 * }</pre>
 *
 * <p>Each signature is Ed25519 (RFC 8032) over the DSSE pre-authentication encoding of the exact
 * bytes carried: {@code "DSSEv1" SP LEN(payloadType) SP payloadType SP LEN(payload) SP payload},
 * lengths in ASCII decimal bytes, payload the base64-decoded bytes. Nothing is ever
 * re-serialised before verifying, so whitespace, member order or a JSON library cannot change what
 * was signed; and the payload type is signed too, so a signature over a trust document can never
 * pass for one over a specification. Signatures are independent: several people add theirs to the
 * same envelope offline ({@code mms sign}), in any order.
 *
 * <p>Reading is strict: exactly the three members (case-sensitive), no duplicates, no trailing
 * data, at most {@link #MAX_LENGTH} characters and {@link #MAX_SIGNATURES} signatures, each with a
 * well-formed key id and a 64-byte signature. Whether signatures verify is decided by a
 * {@link Keyring}, not here. Immutable and thread-safe.
 */
public final class Envelope {

    /** The longest envelope read, in characters: the limit of the original's envelopes, 8 MiB. */
    public static final int MAX_LENGTH = Specification.MAX_ENVELOPE_LENGTH;
    /** The most signatures an envelope carries; a trust document has at most {@value TrustDocument#MAX_KEYS} keys. */
    public static final int MAX_SIGNATURES = 64;
    /** How deeply an envelope may nest: object, signatures array, signature object. */
    static final int MAX_DEPTH = 3;

    private static final Set<String> MEMBERS = Set.of("payloadType", "payload", "signatures");
    private static final Set<String> SIGNATURE_MEMBERS = Set.of("keyid", "sig");
    private static final int MAX_TYPE_LENGTH = 256;

    private final String payloadType;
    private final byte[] payload;
    private final List<Signature> signatures;

    private Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
        this.payloadType = payloadType;
        this.payload = payload;
        this.signatures = List.copyOf(signatures);
    }

    /**
     * One signature as carried.
     *
     * @param keyid the signing key's id, not null
     * @param sig   the 64 signature bytes in standard base64, not null
     */
    public record Signature(KeyId keyid, String sig) {

        /** Rejects nulls. */
        public Signature {
            Objects.requireNonNull(keyid, "keyid");
            Objects.requireNonNull(sig, "sig");
        }

        /** The signature bytes. */
        byte[] bytes() {
            return Base64.getDecoder().decode(sig);
        }
    }

    /**
     * An envelope without signatures.
     *
     * @param payloadType the media type of the payload, not blank
     * @param payload     the payload bytes, not null; copied
     */
    public static Envelope unsigned(String payloadType, byte[] payload) {
        Objects.requireNonNull(payloadType, "payloadType");
        if (payloadType.isBlank()) {
            throw new IllegalArgumentException("a payload type cannot be blank");
        }
        return new Envelope(payloadType, payload.clone(), List.of());
    }

    /**
     * This envelope with {@code key}'s signature added, replacing an earlier one by the same key.
     *
     * @param key the signer, not null
     * @throws IllegalStateException when the envelope already carries {@link #MAX_SIGNATURES} signatures
     */
    public Envelope signedBy(Ed25519PrivateKey key) {
        KeyId id = key.publicKey().keyId();
        List<Signature> next = new ArrayList<>(signatures.stream().filter(s -> !s.keyid().equals(id)).toList());
        if (next.size() >= MAX_SIGNATURES) {
            throw new IllegalStateException("the envelope already carries " + MAX_SIGNATURES + " signatures");
        }
        next.add(new Signature(id, Base64.getEncoder().encodeToString(key.sign(signedBytes()))));
        return new Envelope(payloadType, payload, next);
    }

    /**
     * Reads an envelope.
     *
     * @param json the envelope text, not null
     * @throws SpecificationException naming the member and what is wrong with it
     */
    public static Envelope parse(String json) throws SpecificationException {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_LENGTH) {
            throw invalid("it is " + json.length() + " characters long, the limit is " + MAX_LENGTH + " (8 MiB)");
        }
        JsonNode root = readStrictly(json, MAX_DEPTH, "envelope");
        if (!root.isObject()) {
            throw invalid("expected a json object, got " + Specification.kind(root));
        }
        requireMembers(root, MEMBERS, "envelope");
        String type = string(root, "payloadType");
        if (type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
            throw invalid("payloadType must be a media type of 1 to " + MAX_TYPE_LENGTH + " characters");
        }
        byte[] payload = base64(string(root, "payload"), "payload");
        JsonNode list = root.get("signatures");
        if (!list.isArray()) {
            throw invalid("signatures must be an array, got " + Specification.kind(list));
        }
        if (list.size() > MAX_SIGNATURES) {
            throw invalid("it carries " + list.size() + " signatures, the limit is " + MAX_SIGNATURES);
        }
        List<Signature> signatures = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            signatures.add(signature(list.get(i), "signatures[" + i + "]"));
        }
        return new Envelope(type, payload, signatures);
    }

    /**
     * Whether {@code json} is meant as an envelope of this kind: a JSON object with a top-level
     * {@code payloadType} member. Anything else, including text that is not JSON, is not; the
     * original's format never has that member. Reads tokens without building a tree.
     *
     * @param json any text, not null
     */
    public static boolean isEnvelope(String json) {
        if (json.length() > MAX_LENGTH) {
            return false;
        }
        try (JsonParser parser = Json.mapper().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                if (parser.currentName().equals("payloadType")) {
                    return true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The payload's media type, e.g. {@value VersionedSpecification#PAYLOAD_TYPE}. */
    public String payloadType() {
        return payloadType;
    }

    /** The payload bytes, a fresh copy. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The signatures, in envelope order. */
    public List<Signature> signatures() {
        return signatures;
    }

    /** The bytes every signature covers: the DSSE v1 pre-authentication encoding of type and payload. */
    public byte[] signedBytes() {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The compact envelope JSON, members {@code payloadType}, {@code payload}, {@code signatures}; no newline. */
    public String toJson() {
        ObjectNode root = Json.object();
        root.put("payloadType", payloadType);
        root.put("payload", Base64.getEncoder().encodeToString(payload));
        ArrayNode list = root.putArray("signatures");
        for (Signature s : signatures) {
            list.addObject().put("keyid", s.keyid().hex()).put("sig", s.sig());
        }
        return Json.write(root);
    }

    /** Same as {@link #toJson()}. */
    @Override
    public String toString() {
        return toJson();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope e && payloadType.equals(e.payloadType) && Arrays.equals(payload, e.payload)
                && signatures.equals(e.signatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
    }

    // --- strict JSON, shared with the payload readers

    /**
     * Parses {@code json} as one JSON value: at most {@code maxDepth} levels (checked by streaming
     * first), duplicate member names and trailing data refused.
     *
     * @param what what the text is, for messages (e.g. {@code "envelope"})
     */
    static JsonNode readStrictly(String json, int maxDepth, String what) throws SpecificationException {
        try {
            try (JsonParser shape = Json.mapper().createParser(json)) {
                JsonBounds.check(shape, maxDepth, Integer.MAX_VALUE);
            }
            JsonNode root = Json.mapper().reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new SpecificationException("invalid " + what + ": empty document");
            }
            return root;
        } catch (JsonBounds.JsonBoundsException e) {
            throw new SpecificationException("invalid " + what + ": the document " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SpecificationException("invalid " + what + ": not json: "
                    + Excerpt.line(String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT)), e);
        } catch (IOException e) {
            throw new SpecificationException("invalid " + what + ": cannot be read: " + Excerpt.line(e.getMessage()), e);
        }
    }

    /** Refuses unknown and missing members of {@code object}; names the first. */
    static void requireMembers(JsonNode object, Set<String> required, String what) throws SpecificationException {
        requireMembers(object, required, Set.of(), what);
    }

    /** As above, with members that may be absent. */
    static void requireMembers(JsonNode object, Set<String> required, Set<String> optional, String what)
            throws SpecificationException {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (!required.contains(member.getKey()) && !optional.contains(member.getKey())) {
                throw new SpecificationException("invalid " + what + ": unknown member '"
                        + Excerpt.of(member.getKey()) + "'");
            }
        }
        for (String name : required.stream().sorted().toList()) {
            if (!object.has(name)) {
                throw new SpecificationException("invalid " + what + ": member '" + name + "' is missing");
            }
        }
    }

    private static Signature signature(JsonNode node, String where) throws SpecificationException {
        if (!node.isObject()) {
            throw invalid(where + " must be an object, got " + Specification.kind(node));
        }
        requireMembers(node, SIGNATURE_MEMBERS, "envelope: " + where);
        String keyid = string(node, "keyid", where + ".keyid");
        if (!KeyId.isKeyId(keyid)) {
            throw invalid(where + ".keyid must be 64 lowercase hex characters (the sha-256 of the public key), got '"
                    + Excerpt.of(keyid) + "'");
        }
        String sig = string(node, "sig", where + ".sig");
        byte[] bytes = base64(sig, where + ".sig");
        if (bytes.length != Ed25519.SIGNATURE_LENGTH) {
            throw invalid(where + ".sig is " + bytes.length + " bytes, an ed25519 signature is 64");
        }
        return new Signature(new KeyId(keyid), sig);
    }

    private static String string(JsonNode object, String member) throws SpecificationException {
        return string(object, member, member);
    }

    private static String string(JsonNode object, String member, String where) throws SpecificationException {
        JsonNode value = object.get(member);
        if (!value.isTextual()) {
            throw invalid(where + " must be a string, got " + Specification.kind(value));
        }
        return value.textValue();
    }

    private static byte[] base64(String text, String where) throws SpecificationException {
        if (text.length() % 4 != 0) {
            throw invalid(where + " is not standard base64: length " + text.length()
                    + " is not a multiple of 4 (padding is required)");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(where + " is not standard base64: " + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT));
        }
    }

    private static SpecificationException invalid(String problem) {
        return new SpecificationException("invalid envelope: " + problem);
    }
}

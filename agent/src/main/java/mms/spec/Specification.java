package mms.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mms.json.Json;
import mms.json.JsonBounds;

/**
 * The signed envelope stored in the Key-Value bucket:
 * {@code {"machines":"<base64 of machines.json>","signature":"<hex>"}}. The signature is an
 * Ed25519 signature over the exact raw bytes of {@code machines.json} (the decoded payload, not
 * the base64 text), so the same bytes and key always give the same envelope as the original's
 * {@code mms pack}. The payload is carried verbatim: packing neither parses nor canonicalises it
 * (validate it first with {@link MachinesValidator}).
 *
 * <p>The plugins watcher's variant ({@link Kind#PLUGINS}) is
 * {@code {"plugins":"<base64 of plugins.json>","signature":"<hex>"}}, signed over the base64
 * <em>text</em> as it stands in the envelope (cli.md §3): the original's
 * {@code choria machine plugins pack} signs what it stores, not what it decodes.
 *
 * <p>Envelopes are bounded: at most {@link #MAX_ENVELOPE_LENGTH} characters and
 * {@link #MAX_DEPTH} levels of nesting, checked before a tree is built; the payload is bounded by
 * {@link MachinesValidator}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Specification {

    /**
     * The longest envelope a node reads: 8 MiB, room for a {@code machines.json} of
     * {@link MachinesValidator#MAX_BYTES} in base64. (NATS refuses values over its
     * {@code max_payload}, 1 MiB by default; SQLite has no such limit.)
     */
    public static final int MAX_ENVELOPE_LENGTH = 8 * 1024 * 1024;
    /** How deeply an envelope may nest; a real one is a single object. */
    public static final int MAX_DEPTH = 32;

    /** Which watcher's envelope: the member carrying the payload and what the signature covers. */
    public enum Kind {
        /** {@code {"machines":…}}, signed over the decoded {@code machines.json} bytes. */
        MACHINES("machines", false),
        /** {@code {"plugins":…}}, signed over the base64 text of {@code plugins.json}. */
        PLUGINS("plugins", true);

        private final String member;
        private final boolean signsText;

        Kind(String member, boolean signsText) {
            this.member = member;
            this.signsText = signsText;
        }

        /** The envelope member holding the base64 payload, e.g. {@code plugins}. */
        public String member() {
            return member;
        }

        /** Whether the signature covers the base64 text rather than the decoded bytes. */
        public boolean signsText() {
            return signsText;
        }
    }

    private final Kind kind;
    private final byte[] payload;
    /** The payload's base64 exactly as it stood in the envelope (or as packed): what {@link Kind#PLUGINS} signs. */
    private final String text;
    private final String signature;

    private Specification(Kind kind, byte[] payload, String text, String signature) {
        this.kind = kind;
        this.payload = payload;
        this.text = text;
        this.signature = signature;
    }

    /**
     * Encodes {@code machinesJson}, signing it when a key is given.
     *
     * @param machinesJson the raw {@code machines.json} bytes, not null; used verbatim
     * @param key the signing key, not null; empty gives an unsigned envelope
     */
    public static Specification pack(byte[] machinesJson, Optional<Ed25519PrivateKey> key) {
        return pack(Kind.MACHINES, machinesJson, key);
    }

    /**
     * Encodes {@code json} as an envelope of {@code kind}, signing it when a key is given.
     *
     * @param kind which envelope, not null
     * @param json the raw {@code machines.json} or {@code plugins.json} bytes, not null; used verbatim
     * @param key  the signing key, not null; empty gives an unsigned envelope
     */
    public static Specification pack(Kind kind, byte[] json, Optional<Ed25519PrivateKey> key) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(key, "key");
        byte[] payload = json.clone();
        String text = Base64.getEncoder().encodeToString(payload);
        byte[] signed = kind.signsText() ? text.getBytes(StandardCharsets.UTF_8) : payload;
        String signature = key.map(k -> HexFormat.of().formatHex(k.sign(signed))).orElse("");
        return new Specification(kind, payload, text, signature);
    }

    /**
     * Reads an envelope as the original's decoder does: a JSON object (surrounding whitespace
     * allowed), member names matched case-insensitively (an exact match wins), unknown members
     * ignored, {@code machines} standard base64 with padding (CR and LF ignored), {@code signature}
     * any string (checked by {@link #verify}). JSON {@code null} for either member means empty.
     *
     * @param json the envelope text, not null
     * @throws SpecificationException when it is not such an object, the base64 is invalid, or it
     *     is longer than {@link #MAX_ENVELOPE_LENGTH} or nested deeper than {@link #MAX_DEPTH}
     */
    public static Specification parse(String json) throws SpecificationException {
        return parse(json, Kind.MACHINES);
    }

    /**
     * Reads an envelope of {@code kind} as {@link #parse(String)} does, the payload in the member
     * {@link Kind#member()}.
     *
     * @param json the envelope text, not null
     * @param kind which envelope, not null
     * @throws SpecificationException as {@link #parse(String)}
     */
    public static Specification parse(String json, Kind kind) throws SpecificationException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(kind, "kind");
        if (json.length() > MAX_ENVELOPE_LENGTH) {
            throw new SpecificationException("invalid specification: the envelope is " + json.length()
                    + " characters long, the limit is " + MAX_ENVELOPE_LENGTH + " (8 MiB)");
        }
        JsonNode root;
        try {
            try (JsonParser shape = Json.mapper().createParser(json)) {
                JsonBounds.check(shape, MAX_DEPTH, Integer.MAX_VALUE);
            }
            root = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
        } catch (JsonBounds.JsonBoundsException e) {
            throw new SpecificationException("invalid specification: the envelope " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SpecificationException("invalid specification: not json: " + Excerpt.line(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new SpecificationException("invalid specification: cannot be read: " + Excerpt.line(e.getMessage()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new SpecificationException("invalid specification: empty document");
        }
        if (!root.isObject()) {
            throw new SpecificationException("invalid specification: expected a json object, got " + kind(root));
        }
        JsonNode encoded = member(root, kind.member());
        JsonNode signature = member(root, "signature");
        if (encoded == null) {
            throw new SpecificationException("invalid specification: no " + kind.member() + " member");
        }
        String text = text(encoded, kind.member());
        return new Specification(kind, decodeBase64(text, kind.member()), text, text(signature, "signature"));
    }

    /**
     * Checks the signature against {@code key}.
     *
     * @param key the trusted public key, not null
     * @return never null; {@link Verification#valid()} only when the payload is signed by it
     */
    public Verification verify(Ed25519PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (signature.isEmpty()) {
            return new Verification.Unsigned();
        }
        byte[] sig;
        try {
            sig = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            return new Verification.MalformedSignature("not hex: " + abbreviate(signature));
        }
        if (sig.length != Ed25519.SIGNATURE_LENGTH) {
            return new Verification.MalformedSignature(sig.length + " bytes, expected 64");
        }
        byte[] signed = kind.signsText() ? text.getBytes(StandardCharsets.UTF_8) : payload;
        return key.verify(signed, sig) ? new Verification.Verified(key) : new Verification.BadSignature(key);
    }

    /** Which envelope this is. */
    public Kind kind() {
        return kind;
    }

    /** The raw {@code machines.json} bytes, a fresh copy. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The signature as it appeared in the envelope (normally 128 lowercase hex), or empty. */
    public Optional<String> signature() {
        return signature.isEmpty() ? Optional.empty() : Optional.of(signature);
    }

    /**
     * The compact envelope JSON, members {@code machines} then {@code signature}, the latter
     * omitted when unsigned; no trailing newline. {@code mms pack} prints this plus a newline.
     */
    public String toJson() {
        if (kind != Kind.MACHINES) {
            ObjectNode root = Json.object();
            root.put(kind.member(), text);
            if (!signature.isEmpty()) {
                root.put("signature", signature);
            }
            return Json.write(root);
        }
        String machines = Base64.getEncoder().encodeToString(payload);
        if (signature.isEmpty()) {
            return "{\"machines\":\"" + machines + "\"}";
        }
        return Json.write(new Envelope(machines, signature));
    }

    /** Same as {@link #toJson()}. */
    @Override
    public String toString() {
        return toJson();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Specification s && kind == s.kind && Arrays.equals(payload, s.payload)
                && (!kind.signsText() || text.equals(s.text)) && signature.equals(s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(payload)) + signature.hashCode();
    }

    /** Field order is the wire order; the signature may be any string read from an envelope. */
    private record Envelope(String machines, String signature) {}

    private static JsonNode member(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                found = e.getValue();
            }
        }
        return found;
    }

    private static String text(JsonNode node, String name) throws SpecificationException {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new SpecificationException("invalid specification: " + name + " must be a string, got " + kind(node));
        }
        return node.textValue();
    }

    private static byte[] decodeBase64(String text, String member) throws SpecificationException {
        String compact = text.replace("\r", "").replace("\n", "");
        if (compact.length() % 4 != 0) {
            throw new SpecificationException("invalid specification: " + member + " is not valid base64: length "
                    + compact.length() + " is not a multiple of 4 (padding is required)");
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new SpecificationException("invalid specification: " + member + " is not valid base64: "
                    + e.getMessage().toLowerCase(java.util.Locale.ROOT), e);
        }
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case BINARY, STRING -> "string";
            case BOOLEAN -> "boolean";
            case MISSING, NULL -> "null";
            case NUMBER -> "number";
            case OBJECT, POJO -> "object";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? "'" + s + "'" : "'" + s.substring(0, 20) + "...'";
    }
}

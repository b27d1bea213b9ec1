package mms.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import mms.digest.Sha256;
import mms.json.Json;

/**
 * The fleet-wide name of a specification: lowercase hex SHA-256 of its envelope in compact JSON.
 * A node and a reader of the bucket must agree on it although they do not see the same bytes: the
 * kv watcher brings a JSON object into machine data parsed, so the whitespace and line ending of
 * the stored value (what {@code mms pack … > spec.json} and {@code mms kv put} leave) are gone by
 * the time the machines watcher reads it. Both sides therefore digest the envelope as compact JSON
 * when it is a JSON object, and the text as it is otherwise (such a value is rejected anyway).
 */
public final class SpecificationDigest {

    private SpecificationDigest() {}

    /**
     * The digest of a value as stored in the bucket, or of an envelope as text.
     *
     * @param text the stored value decoded as UTF-8, not null
     * @return lowercase hex SHA-256, never null
     */
    public static String of(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
            try {
                JsonNode tree = Json.mapper().readTree(trimmed);
                if (tree != null && tree.isObject()) {
                    return of(tree);
                }
            } catch (JsonProcessingException e) {
                // not JSON after all: the text itself names it
            }
        }
        return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The digest of a value as a kv watcher put it into machine data.
     *
     * @param value an object (the parsed envelope) or a string (an envelope as text), not null
     * @return lowercase hex SHA-256, never null
     */
    public static String of(JsonNode value) {
        Objects.requireNonNull(value, "value");
        if (value.isTextual()) {
            return of(value.textValue());
        }
        return Sha256.of(Json.write(value).getBytes(StandardCharsets.UTF_8));
    }
}

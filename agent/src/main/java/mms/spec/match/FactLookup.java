package mms.spec.match;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import mms.json.gjson.GJson;

/**
 * Resolves a {@code get_fact} query against the node's facts: {@link #gjson()} as the original,
 * or a fixed answer in tests.
 */
@FunctionalInterface
public interface FactLookup {

    /**
     * @param facts the facts document, not null (may be a JSON null or missing node)
     * @param query the query text, not null
     * @return the value found (an existing JSON null is found as a null node), or empty when the
     *     path does not exist
     */
    Optional<JsonNode> lookup(JsonNode facts, String query);

    /**
     * The original's lookup: the query is a GJSON path ({@code os.family}, {@code tags.#},
     * {@code my\.key}, {@code hosts.#(role=="db").name}) evaluated by {@link GJson#get}, which
     * throws {@link IllegalArgumentException} for a malformed path.
     */
    static FactLookup gjson() {
        return GJson::get;
    }
}

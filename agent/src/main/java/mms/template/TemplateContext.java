package mms.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.function.Consumer;

/**
 * What a template sees when it executes: the {@code lookup} function searches the document
 * {@code {"facts": facts, "data": data}} and reports misses through {@code infoLog}.
 *
 * @param facts the host's facts; null is taken as JSON null
 * @param data the machine's data; null is taken as JSON null
 * @param infoLog receives info messages such as {@code Query did not match any data, returning
 *     default: facts.x}; null discards them
 */
public record TemplateContext(JsonNode facts, JsonNode data, Consumer<String> infoLog) {

    /** Normalises nulls as documented. */
    public TemplateContext {
        facts = facts == null ? NullNode.getInstance() : facts;
        data = data == null ? NullNode.getInstance() : data;
        infoLog = infoLog == null ? message -> {} : infoLog;
    }
}

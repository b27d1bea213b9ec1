package mms.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a template sees when it executes: the {@code lookup} function searches the document
 * {@code {"facts": facts, "data": data}} and reports misses through {@code infoLog}.
 *
 * @param facts the host's facts; null is taken as JSON null
 * @param data the machine's data; null is taken as JSON null
 * @param infoLog receives info messages such as {@code Query did not match any data, returning
 *     default: facts.x}; null discards them
 * @param overrides how the nagios plugin function {@code o PATH DEFAULT} finds {@code PATH} in the
 *     Scout overrides: its text, or empty when it is not there (then {@code o} gives
 *     {@code DEFAULT}); empty outside nagios plugin commands, where calling {@code o} is an error;
 *     null is taken as empty
 */
public record TemplateContext(JsonNode facts, JsonNode data, Consumer<String> infoLog,
                              Optional<Function<String, Optional<String>>> overrides) {

    /** Normalises nulls as documented. */
    public TemplateContext {
        facts = facts == null ? NullNode.getInstance() : facts;
        data = data == null ? NullNode.getInstance() : data;
        infoLog = infoLog == null ? message -> {} : infoLog;
        overrides = overrides == null ? Optional.empty() : overrides;
    }

    /** A context without Scout overrides: every template but a nagios plugin command. */
    public TemplateContext(JsonNode facts, JsonNode data, Consumer<String> infoLog) {
        this(facts, data, infoLog, Optional.empty());
    }
}

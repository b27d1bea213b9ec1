package mms.watcher.nagios;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import mms.json.GoJson;
import mms.json.Json;
import mms.json.gjson.GJson;

/**
 * The Scout overrides file ({@code scout_overrides}): a JSON object with one member per machine,
 * whose members plugin commands read with {@code {{ o "PATH" DEFAULT }}}. Read at every check, as
 * the original does, so an edit applies at the next check; a missing or broken file is no
 * overrides at all.
 */
final class Overrides {
    private Overrides() {}

    /**
     * How {@code o PATH} finds {@code <machine>.<PATH>} (a GJSON path) in the file now: the value as
     * GJSON's {@code String()} gives it (text as is, other values as JSON), or empty.
     */
    static Function<String, Optional<String>> lookup(Optional<Path> file, String machine) {
        Optional<JsonNode> document = file.flatMap(Overrides::read);
        return path -> document.flatMap(doc -> find(doc, machine + "." + path)).map(Overrides::text);
    }

    private static Optional<JsonNode> read(Path file) {
        try {
            return Optional.ofNullable(Json.mapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> find(JsonNode document, String query) {
        try {
            return GJson.get(document, query);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNull()) {
            return "";
        }
        if (value.isNumber()) {
            return Json.write(GoJson.number(value.doubleValue()));
        }
        return Json.write(value);
    }
}

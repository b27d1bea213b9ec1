package mms.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.Supplier;
import mms.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facts from a JSON file (YAML when the name ends in {@code yaml} or {@code yml}), re-read when
 * the file changes. A missing or broken file yields {@code {}} and one warning per change, not
 * one per use.
 */
public final class FactsSource implements Supplier<JsonNode> {
    private static final Logger LOG = LoggerFactory.getLogger(FactsSource.class);
    private final Optional<Path> file;
    private FileTime seenTime;
    private long seenSize = -1;
    private JsonNode facts = Json.object();
    private String lastProblem;

    /** Facts read from {@code file}, or none when empty. */
    public FactsSource(Optional<Path> file) {
        this.file = file;
    }

    @Override
    public synchronized JsonNode get() {
        if (file.isEmpty()) {
            return facts;
        }
        Path path = file.get();
        try {
            FileTime time = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (time.equals(seenTime) && size == seenSize) {
                return facts;
            }
            seenTime = time;
            seenSize = size;
            byte[] bytes = Files.readAllBytes(path);
            String name = path.getFileName().toString();
            JsonNode parsed = name.endsWith("yaml") || name.endsWith("yml")
                    ? new YAMLMapper().readTree(bytes) : Json.mapper().readTree(bytes);
            if (parsed == null || !parsed.isObject()) {
                problem("facts file " + path + " must hold a JSON object, using no facts");
                facts = Json.object();
            } else {
                facts = parsed;
                lastProblem = null;
            }
        } catch (NoSuchFileException e) {
            seenTime = null;
            problem("facts file " + path + " does not exist, using no facts");
            facts = Json.object();
        } catch (IOException e) {
            problem("could not read facts file " + path + ", using no facts: " + e.getMessage().lines().findFirst().orElse(""));
            facts = Json.object();
        }
        return facts;
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.warn(message);
            lastProblem = message;
        }
    }
}

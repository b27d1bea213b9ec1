package mms.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactsSourceTest {
    @TempDir
    Path dir;
    FactsSource facts;

    @AfterEach
    void close() {
        if (facts != null) {
            facts.close();
        }
    }

    JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    /** Replaces the file as facter or a configuration manager would: write aside, rename over. */
    void replace(Path file, String content) throws Exception {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void readsJsonAndYamlAndNoFileMeansNoFacts() throws Exception {
        Files.writeString(dir.resolve("facts.json"), "{\"role\": \"web\"}");
        Files.writeString(dir.resolve("facts.yaml"), "role: db\n");

        assertThat(new FactsSource(Optional.of(dir.resolve("facts.json"))).get()).isEqualTo(json("{\"role\":\"web\"}"));
        assertThat(new FactsSource(Optional.of(dir.resolve("facts.yaml"))).get()).isEqualTo(json("{\"role\":\"db\"}"));
        assertThat(new FactsSource(Optional.empty()).get()).isEqualTo(Json.object());
        assertThat(new FactsSource(Optional.of(dir.resolve("missing.json"))).get()).isEqualTo(Json.object());
    }

    @Test
    void aBrokenOrVanishedFileKeepsTheLastGoodFacts() throws Exception {
        Path file = dir.resolve("facts.json");
        Files.writeString(file, "{\"role\": \"web\"}");
        facts = new FactsSource(Optional.of(file));
        assertThat(facts.get()).isEqualTo(json("{\"role\":\"web\"}"));

        Files.writeString(file, "{\"role\": \"w"); // caught half-written
        assertThat(facts.get()).isEqualTo(json("{\"role\":\"web\"}"));
        Files.writeString(file, "[]");
        assertThat(facts.get()).isEqualTo(json("{\"role\":\"web\"}"));
        Files.delete(file);
        assertThat(facts.get()).isEqualTo(json("{\"role\":\"web\"}"));

        Files.writeString(file, "{\"role\": \"db\"}");
        assertThat(facts.get()).isEqualTo(json("{\"role\":\"db\"}"));
    }

    @Test
    void tellsWhenTheFactsChangeAndOnlyThen() throws Exception {
        Path file = dir.resolve("facts.json");
        Files.writeString(file, "{\"role\": \"db\"}");
        facts = new FactsSource(Optional.of(file));
        List<JsonNode> told = new CopyOnWriteArrayList<>();
        facts.watch(Duration.ofHours(1), () -> told.add(facts.get()));

        replace(file, "{ \"role\" : \"db\" }\n"); // rewritten, same facts
        replace(file, "{\"role\": \"web\"}");

        await().until(() -> !told.isEmpty());
        assertThat(told).containsExactly(json("{\"role\":\"web\"}"));

        Files.writeString(file, "{\"role\": \"web\", \"site\": \"lab\"}"); // written in place
        await().until(() -> told.size() == 2);
        assertThat(told.getLast()).isEqualTo(json("{\"role\":\"web\",\"site\":\"lab\"}"));
    }
}

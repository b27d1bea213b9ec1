package mms.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import mms.files.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineDataTest {
    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void savesSortedCompactGoEscapedJsonWithMode0600() throws Exception {
        MachineData data = MachineData.load(dir, warnings::add);
        data.put("zeta", new TextNode("<a&b>"), "w");
        data.put("alpha", IntNode.valueOf(1), "w");

        Path file = dir.resolve("machine_data.json");
        assertThat(Files.readString(file)).isEqualTo("{\"alpha\":1,\"zeta\":\"\\u003ca\\u0026b\\u003e\"}");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(dir.toFile().list()).containsExactly("machine_data.json");
    }

    @Test
    void reloadsWhatWasSaved() throws Exception {
        MachineData.load(dir, warnings::add).put("k", new TextNode("v"), "");
        assertThat(MachineData.load(dir, warnings::add).get("k")).contains(new TextNode("v"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void loadingRemovesWhatASaveKilledHalfWayLeft() throws Exception {
        MachineData.load(dir, warnings::add).put("k", new TextNode("v"), "");
        Files.writeString(dir.resolve(".machine_data.json.4711.tmp"), "{\"k\":");

        assertThat(MachineData.load(dir, warnings::add).get("k")).contains(new TextNode("v"));

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("machine_data.json");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aCorruptFileIsReportedAndDiscarded() throws Exception {
        Files.writeString(dir.resolve("machine_data.json"), "{not json");
        MachineData data = MachineData.load(dir, warnings::add);
        assertThat(data.snapshot().isEmpty()).isTrue();
        assertThat(warnings).singleElement().asString()
                .startsWith("could not load data file " + dir.resolve("machine_data.json") + ", discarding it:");
        data.put("k", new TextNode("v"), "");
        assertThat(Files.readString(dir.resolve("machine_data.json"))).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void aNullDocumentIsDiscardedNotFatal() throws Exception {
        Files.writeString(dir.resolve("machine_data.json"), "null");
        MachineData data = MachineData.load(dir, warnings::add);
        assertThat(warnings).hasSize(1);
        data.put("k", new TextNode("v"), ""); // the original crashes here
        assertThat(data.get("k")).isPresent();
    }

    @Test
    void aFailedSaveLeavesTheStoreUnchanged() throws Exception {
        MachineData data = MachineData.load(dir, warnings::add);
        data.put("k", new TextNode("old"), "");
        // a directory in the file's place makes the rename fail, even for root
        Path file = dir.resolve("machine_data.json");
        Files.delete(file);
        Files.createDirectories(file.resolve("in-the-way"));

        assertThatThrownBy(() -> data.put("k", new TextNode("new"), "")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("could not save data to " + file);
        assertThat(data.get("k")).contains(new TextNode("old"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void writingTheSameValueIsNotAChange() throws Exception {
        MachineData data = MachineData.load(dir, warnings::add);
        List<String> changes = new ArrayList<>();
        data.onChange((key, writer) -> changes.add(key + "@" + writer));
        assertThat(data.put("k", new TextNode("v"), "a")).isTrue();
        assertThat(data.put("k", new TextNode("v"), "a")).isFalse();
        assertThat(data.delete("missing", "a")).isFalse();
        assertThat(data.delete("k", "b")).isTrue();
        assertThat(changes).containsExactly("k@a", "k@b");
    }

    @Test
    void aFullDiskFailsTheWriteAndKeepsTheFileValidUntilSpaceIsBack() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(Files.createDirectory(dir.resolve("disk")), "1m")) {
            MachineData data = MachineData.load(disk.root(), warnings::add);
            data.put("kept", new TextNode("x".repeat(100)), "w");
            disk.fill();

            assertThatThrownBy(() -> data.put("lost", new TextNode("y".repeat(10_000)), "w"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("could not save data to " + disk.root().resolve("machine_data.json"))
                    .hasMessageEndingWith("No space left on device");
            assertThat(data.get("lost")).as("the store is unchanged").isEmpty();
            assertThat(MachineData.load(disk.root(), warnings::add).snapshot()).isEqualTo(data.snapshot());
            assertThat(warnings).isEmpty();
            try (var files = Files.list(disk.root())) {
                assertThat(files.filter(p -> !SmallDisk.isFiller(p)).map(p -> p.getFileName().toString()))
                        .as("no temporary file left").containsExactly("machine_data.json");
            }

            disk.free();
            data.put("lost", new TextNode("found"), "w");
            assertThat(MachineData.load(disk.root(), warnings::add).get("lost")).contains(new TextNode("found"));
        }
    }
}

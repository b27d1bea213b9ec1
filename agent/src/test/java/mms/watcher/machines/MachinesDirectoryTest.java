package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import mms.files.SmallDisk;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the machines watcher writes, lists and clears manager directories, as the host sees them. */
class MachinesDirectoryTest {
    static final byte[] MANIFEST = "name: mm_web\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    MachinesDirectory directory() {
        return new MachinesDirectory(root);
    }

    List<String> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewManagerAppearsWithItsManifestOrNotAtAll() throws Exception {
        // looks at the directory the way the host does, as fast as it can, while managers are written
        Set<String> seenWithoutManifest = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread host = Thread.ofPlatform().start(() -> {
            while (watching.get()) {
                try (Stream<Path> s = Files.list(root)) {
                    s.filter(p -> !p.getFileName().toString().endsWith("-temp"))
                            .filter(p -> !Files.exists(p.resolve("machine.yaml")))
                            .forEach(p -> seenWithoutManifest.add(p.getFileName().toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        try {
            for (int i = 0; i < 50; i++) {
                assertThat(directory().writeManager("m" + i, MANIFEST)).isEqualTo(MachinesDirectory.Write.CREATED);
            }
        } finally {
            watching.set(false);
            host.join();
        }

        assertThat(seenWithoutManifest).isEmpty();
        assertThat(entries(root)).hasSize(50).allMatch(n -> n.startsWith("mm_m") && !n.endsWith("-temp"));
        assertThat(root.resolve("mm_m7/machine.yaml")).hasBinaryContent(MANIFEST);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("mm_m7")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("mm_m7/machine.yaml"))))
                .isEqualTo("rw-------");
    }

    @Test
    void anExistingManagerIsUpdatedInPlaceKeepingItsData() throws Exception {
        directory().writeManager("web", MANIFEST);
        Path dir = root.resolve("mm_web");
        Files.writeString(dir.resolve("machine_data.json"), "{}");
        Object inode = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();

        assertThat(directory().writeManager("web", "name: mm_web\nversion: 2\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(MachinesDirectory.Write.REPLACED);

        assertThat(Files.readAttributes(dir, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(entries(dir)).containsExactly("machine.yaml", "machine_data.json");
        assertThat(directory().writeManager("web", "name: mm_web\nversion: 2\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(MachinesDirectory.Write.UNCHANGED);
    }

    @Test
    void aStagingDirectoryLeftByACrashIsReplacedByTheNextWrite() throws Exception {
        Files.createDirectories(root.resolve("mm_web-temp/half"));
        Files.writeString(root.resolve("mm_web-temp/machine.yaml"), "name: trunc");

        assertThat(directory().writeManager("web", MANIFEST)).isEqualTo(MachinesDirectory.Write.CREATED);

        assertThat(entries(root)).containsExactly("mm_web");
        assertThat(entries(root.resolve("mm_web"))).containsExactly("machine.yaml");
        assertThat(root.resolve("mm_web/machine.yaml")).hasBinaryContent(MANIFEST);
    }

    @Test
    void removesOnlyStagingDirectoriesAndNeverCountsThemAsManagers() throws Exception {
        for (String dir : List.of("mm_a-temp/sub", "mm_b-temp", "mm_c", "c", "other-temp")) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("mm_a-temp/sub/file"), "x");

        assertThat(directory().managerNames()).containsExactly("c");
        assertThat(directory().removeStaging()).containsExactly("mm_a-temp", "mm_b-temp");

        assertThat(entries(root)).containsExactly("c", "mm_c", "other-temp");
    }

    @Test
    void aFullDiskFailsManifestWritesLeavingTheOldManifestsAndNoStaging() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(Files.createDirectory(root.resolve("disk")), "1m")) {
            MachinesDirectory machines = new MachinesDirectory(disk.root());
            machines.writeManager("web", MANIFEST);
            disk.fill();
            byte[] bigger = ("name: mm_web\n# " + "x".repeat(20_000) + "\n").getBytes(StandardCharsets.UTF_8);

            assertThatThrownBy(() -> machines.writeManager("web", bigger))
                    .hasMessageContaining("No space left on device");
            assertThatThrownBy(() -> machines.writeManager("db", bigger))
                    .hasMessageContaining("No space left on device");
            assertThat(entries(disk.root()).stream().filter(n -> !n.equals(".filler")))
                    .as("no new manager and no staging directory").containsExactly("mm_web");
            assertThat(entries(disk.root().resolve("mm_web"))).as("no temporary file").containsExactly("machine.yaml");
            assertThat(disk.root().resolve("mm_web/machine.yaml")).hasBinaryContent(MANIFEST);

            disk.free();
            assertThat(machines.writeManager("web", bigger)).isEqualTo(MachinesDirectory.Write.REPLACED);
            assertThat(machines.writeManager("db", bigger)).isEqualTo(MachinesDirectory.Write.CREATED);
            assertThat(disk.root().resolve("mm_db/machine.yaml")).hasBinaryContent(bigger);
        }
    }
}

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import mms.files.SmallDisk;
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

    @Test
    void removesTheTemporaryManifestsOfInterruptedReplacementsButNothingElse() throws Exception {
        directory().writeManager("web", MANIFEST);
        Files.writeString(root.resolve("mm_web/.machine.yaml.8141942377262.tmp"), "name: half");
        Files.writeString(root.resolve("mm_web/.machine.yaml.notmine.tmp"), "kept");

        assertThat(directory().removeStaging()).containsExactly("mm_web/.machine.yaml.*.tmp");

        assertThat(entries(root.resolve("mm_web"))).containsExactly(".machine.yaml.notmine.tmp", "machine.yaml");
    }

    @Test
    void aPurgeLeavesNeitherManagerNorMachineNorWorkDirectoryNorParkedCopy() throws Exception {
        directory().writeManager("web", MANIFEST);
        directory().writeManager("db", MANIFEST);
        Files.createDirectories(root.resolve("web"));
        Files.writeString(root.resolve("web/machine.yaml"), "name: web");
        Files.createDirectories(root.resolve("tmp/web/previous"));
        Files.createDirectories(root.resolve("tmp/db/previous"));

        directory().purge("web", Optional.empty(), Duration.ofSeconds(1));

        assertThat(entries(root)).containsExactly("mm_db", "tmp");
        assertThat(entries(root.resolve("tmp"))).containsExactly("db");
    }

    @Test
    void aPurgeInterruptedAfterParkingTheManagerIsFinished() throws Exception {
        // killed after step 1: the manager parked, the machine still there (an orphan), its work directory too
        Files.createDirectories(root.resolve(".purge.mm_web"));
        Files.writeString(root.resolve(".purge.mm_web/machine.yaml"), "name: mm_web");
        Files.createDirectories(root.resolve("web"));
        Files.writeString(root.resolve("web/machine.yaml"), "name: web");
        Files.createDirectories(root.resolve("tmp/web/attempt-1"));
        Files.createDirectories(root.resolve("tmp/other/previous"));
        // killed during step 3: the machine directory moved into the marker
        Files.createDirectories(root.resolve(".purge.mm_db/machine"));
        // left by earlier versions, which parked machine directories beside their managers
        Files.createDirectories(root.resolve(".purge.app/sub"));

        assertThat(directory().finishPurges(root.resolve("mms_manager"), Optional.empty(), Duration.ofSeconds(1)))
                .containsExactly("removed .purge.app, left by an interrupted purge",
                        "finished the interrupted purge of machine db", "finished the interrupted purge of machine web");

        assertThat(entries(root)).containsExactly("tmp");
        assertThat(entries(root.resolve("tmp"))).containsExactly("other");
    }

    @Test
    void anInterruptedPurgeOfAMachineWantedAgainOnlyLosesItsMarker() throws Exception {
        Files.createDirectories(root.resolve(".purge.mm_web"));
        directory().writeManager("web", MANIFEST);
        Files.createDirectories(root.resolve("web"));

        assertThat(directory().finishPurges(root.resolve("mms_manager"), Optional.empty(), Duration.ofSeconds(1)))
                .containsExactly("removed .purge.mm_web: machine web has its manager again");

        assertThat(entries(root)).containsExactly("mm_web", "web");
    }

    @Test
    void aMarkerNamingTheWatchersOwnDirectoryOrTheWorkAreaNeverRemovesThem() throws Exception {
        Files.createDirectories(root.resolve(".purge.mm_mms_manager"));
        Files.createDirectories(root.resolve(".purge.mm_tmp"));
        Files.createDirectories(root.resolve("mms_manager"));
        Files.createDirectories(root.resolve("tmp/web"));

        directory().finishPurges(root.resolve("mms_manager"), Optional.empty(), Duration.ofSeconds(1));

        assertThat(entries(root)).containsExactly("mms_manager", "tmp");
        assertThat(entries(root.resolve("tmp"))).containsExactly("web");
    }

    @Test
    void aPurgeDeletesPlantedLinksNeverWhatTheyPointTo(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("precious"), "keep");
        Files.createDirectories(outside.resolve("web/previous"));
        // a local user who can write to the machines directory planted links as manager, machine and work area
        Files.createSymbolicLink(root.resolve("mm_web"), outside);
        Files.createSymbolicLink(root.resolve("web"), outside);
        Files.createSymbolicLink(root.resolve("tmp"), outside);
        Files.createDirectories(root.resolve("mm_db"));
        Files.createSymbolicLink(root.resolve("mm_db/machine_data.json"), outside.resolve("precious"));
        Files.createDirectories(root.resolve("db"));
        Files.createSymbolicLink(root.resolve("db/data"), outside);

        assertThat(directory().managerNames()).containsExactly("db", "web");
        directory().purge("web", Optional.empty(), Duration.ofSeconds(1));
        directory().purge("db", Optional.empty(), Duration.ofSeconds(1));

        assertThat(entries(root)).containsExactly("tmp");
        assertThat(entries(outside)).containsExactly("precious", "web");
        assertThat(outside.resolve("precious")).hasContent("keep");
        assertThat(outside.resolve("web/previous")).isDirectory();
    }

    @Test
    void aPurgeMarkPlantedAsALinkIsDeletedAndNothingIsMovedThroughIt(@TempDir Path outside) throws Exception {
        Files.createDirectories(outside.resolve("machine"));
        Files.writeString(outside.resolve("machine/precious"), "keep");
        Files.createSymbolicLink(root.resolve(".purge.mm_web"), outside);
        Files.createDirectories(root.resolve("web"));

        assertThat(directory().finishPurges(root.resolve("mms_manager"), Optional.empty(), Duration.ofSeconds(1)))
                .containsExactly("removed .purge.mm_web, which is not a directory (a symbolic link?)");

        assertThat(entries(root)).containsExactly("web");
        assertThat(outside.resolve("machine/precious")).hasContent("keep");
    }

    @Test
    void aManagerIsNeverWrittenThroughAPlantedLink(@TempDir Path outside) throws Exception {
        Files.createSymbolicLink(root.resolve("mm_web"), outside);
        Files.createDirectories(root.resolve("mm_db"));
        Files.writeString(outside.resolve("machine.yaml"), "theirs");
        Files.createSymbolicLink(root.resolve("mm_db/machine.yaml"), outside.resolve("machine.yaml"));

        assertThatThrownBy(() -> directory().writeManager("web", MANIFEST)).isInstanceOf(IOException.class)
                .hasMessageContaining("mm_web exists and is not a directory");
        assertThat(directory().writeManager("db", MANIFEST)).isEqualTo(MachinesDirectory.Write.CREATED);

        assertThat(entries(outside)).containsExactly("machine.yaml");
        assertThat(outside.resolve("machine.yaml")).hasContent("theirs");
        assertThat(Files.isSymbolicLink(root.resolve("mm_db/machine.yaml"))).isFalse();
        assertThat(root.resolve("mm_db/machine.yaml")).hasBinaryContent(MANIFEST);
    }
}

package mms.watcher.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import mms.archive.Sha256Sums;
import mms.archive.bundle.MachineBundle;
import mms.files.FileTrees;
import mms.files.SmallDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real machine whose archive watcher installs onto a 16 MiB tmpfs that fills up: the check
 * fails, the installed version keeps running and verifying, and the watcher installs by itself on
 * its next retry once the space is back.
 */
class ArchiveWatcherFullDiskTest extends ArchiveMachineHarness {

    private SmallDisk disk;
    private ArchiveServer server;

    @BeforeEach
    void mountASmallDiskAndServe() throws Exception {
        disk = SmallDisk.mount(dir, "16m"); // the machine directory, its data and the install target
        server = new ArchiveServer();
    }

    @AfterEach
    void unmount() throws Exception {
        stopMachine();
        server.close();
        disk.close();
    }

    private MachineBundle publish(String version, String content) throws Exception {
        MachineBundle bundle = bundle(version, content, server.url("/repo"));
        server.serve("/repo/" + bundle.archive().getFileName(), Files.readAllBytes(bundle.archive()));
        FileTrees.deleteTree(dir.resolve("src-" + version)); // served from memory: only the install uses the disk
        FileTrees.deleteTree(dir.resolve("out-" + version));
        return bundle;
    }

    @Test
    void failsWhileTheDiskIsFullAndInstallsByItselfOnceSpaceIsBack() throws Exception {
        MachineBundle v1 = publish("1.0.0", "one");
        use(v1);
        load("");
        settle("downloaded", "verified");

        byte[] noise = new byte[3 << 20];
        new Random(3).nextBytes(noise);
        MachineBundle v2 = publish("2.0.0", Base64.getEncoder().encodeToString(noise)); // about 2.3 MiB compressed
        disk.leaveFree(512 << 10);
        use(v2);
        nextInterval();
        settle("downloaded", "verified", "error");

        assertThat(installed()).isEqualTo("#!/bin/sh\necho one\n");
        assertThat(Sha256Sums.verifyDirectory(store.resolve("app"), "SHA256SUMS", v1.verifyChecksum(), true).ok()).isTrue();
        try (Stream<java.nio.file.Path> work = Files.list(store.resolve("tmp/app"))) {
            assertThat(work).as("no work directory left").isEmpty();
        }

        disk.free();
        nextInterval(); // the retry after the failure's backoff, no restart, no new publication
        settle("downloaded", "verified", "error", "downloaded", "verified");
        assertThat(installed()).startsWith("#!/bin/sh\necho ").hasSizeGreaterThan(3 << 20);
    }
}

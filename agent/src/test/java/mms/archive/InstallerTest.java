package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import mms.archive.FileFailure.Reason;
import mms.archive.source.FileSource;
import mms.digest.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {

    @TempDir
    Path root;

    private static String sha(String s) {
        return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An archive of version {@code v} with a SHA256SUMS listing its files. */
    private static byte[] version(String v) {
        String sums = sha("version: " + v + "\n") + "  machine.yaml\n" + sha(v) + "  bin/run\n";
        return Tars.tar().dir("app/").file("app/machine.yaml", "version: " + v + "\n").file("app/bin/run", 0755,
                v.getBytes()).file("app/SHA256SUMS", sums).tgz();
    }

    private static String sumsOf(String v) {
        return sha("version: " + v + "\n") + "  machine.yaml\n" + sha(v) + "  bin/run\n";
    }

    private Deployment deploy(Installer installer, String v) throws Exception {
        byte[] tgz = version(v);
        Path file = Files.write(root.resolve("v" + v + ".tgz"), tgz);
        return new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS.withStrict(true))
                .deploy(new FileSource(file), Sha256.of(tgz), Optional.of(new ContentCheck("SHA256SUMS", sha(sumsOf(v)))));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installsThenSwapsKeepingOnePreviousVersion() throws Exception {
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        Deployment first = deploy(installer, "1");
        assertThat(first.installed()).isEqualTo(target.resolve("app"));
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 1");
        assertThat(installer.previous()).isEmpty();

        deploy(installer, "2");
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 2");
        assertThat(installer.previous()).hasValueSatisfying(p -> assertThat(p.resolve("machine.yaml")).hasContent("version: 1"));

        deploy(installer, "3");
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 3");
        assertThat(installer.previous()).hasValueSatisfying(p -> assertThat(p.resolve("machine.yaml")).hasContent("version: 2"));
        assertThat(names(target)).containsExactly("app", "tmp");
        assertThat(names(installer.workDirectory())).containsExactly("previous");
        assertThat(Files.isSymbolicLink(target.resolve("app"))).isFalse();
        assertThat(installer.verifyInstalled("SHA256SUMS", sha(sumsOf("3")), true).ok()).isTrue();
    }

    @Test
    void theInstalledDirectoryNeverDisappearsWhileSwapping() throws Exception {
        assumeTrue(AtomicExchange.available(), "renameat2 is not available on this platform");
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        stageAndInstall(installer, "0");
        Path yaml = target.resolve("app/machine.yaml");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong checks = new AtomicLong();
        AtomicLong misses = new AtomicLong();
        Thread observer = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                checks.incrementAndGet();
                if (!Files.isRegularFile(yaml)) {
                    misses.incrementAndGet();
                }
            }
        });
        try {
            for (int i = 1; i <= 200; i++) {
                stageAndInstall(installer, String.valueOf(i));
            }
        } finally {
            stop.set(true);
            observer.join();
        }
        assertThat(checks.get()).isPositive();
        assertThat(misses.get()).as("checks that found no installed machine.yaml").isZero();
        assertThat(yaml).hasContent("version: 200");
        assertThat(installer.previous().orElseThrow().resolve("machine.yaml")).hasContent("version: 199");
    }

    @Test
    void putsTheKeptVersionBackWhenItIsTheOneWantedAndKeepsTheOtherInItsPlace() throws Exception {
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        deploy(installer, "1");
        deploy(installer, "2");

        assertThat(installer.restorePrevious("SHA256SUMS", sha(sumsOf("3")), true)).as("not the kept version").isFalse();
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 2");

        assertThat(installer.restorePrevious("SHA256SUMS", sha(sumsOf("1")), true)).isTrue();
        assertThat(installer.verifyInstalled("SHA256SUMS", sha(sumsOf("1")), true).ok()).isTrue();
        assertThat(installer.previous().orElseThrow().resolve("machine.yaml")).hasContent("version: 2");
        assertThat(names(installer.workDirectory())).containsExactly("previous");

        assertThat(installer.restorePrevious("SHA256SUMS", sha(sumsOf("2")), true)).as("and forth again").isTrue();
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 2");
    }

    @Test
    void aKeptVersionWithAChangedFileIsNotPutBack() throws Exception {
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        deploy(installer, "1");
        deploy(installer, "2");
        Files.writeString(installer.previous().orElseThrow().resolve("bin/run"), "tampered");

        assertThat(installer.restorePrevious("SHA256SUMS", sha(sumsOf("1")), true)).isFalse();
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 2");
        assertThat(new Installer(target, "other").restorePrevious("SHA256SUMS", sha(sumsOf("1")), true))
                .as("nothing kept").isFalse();
    }

    private static void stageAndInstall(Installer installer, String v) throws Exception {
        Staging staging = installer.newStaging();
        Files.createDirectories(staging.tree());
        Files.writeString(staging.tree().resolve("machine.yaml"), "version: " + v);
        installer.install(staging);
        assertThat(staging.directory()).doesNotExist();
    }

    @Test
    void recoverRemovesLeftoverAttemptsAndKeepsPrevious() throws Exception {
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        deploy(installer, "1");
        deploy(installer, "2");
        Staging abandoned = installer.newStaging();
        Files.createDirectories(abandoned.tree().resolve("half"));
        Files.writeString(abandoned.directory().resolve("123-archive.tgz"), "partial");
        Files.createDirectories(installer.workDirectory().resolve("trash-1/previous/x"));

        Installer other = new Installer(target, "other");
        Staging othersAttempt = other.newStaging();

        installer.recover();
        assertThat(names(installer.workDirectory())).containsExactly("previous");
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 2");
        assertThat(installer.previous().orElseThrow().resolve("machine.yaml")).hasContent("version: 1");
        assertThat(othersAttempt.directory()).as("another watcher's attempt is not touched").isDirectory();
    }

    @Test
    void recoverPutsBackADisplacedVersionAfterAnInterruptedFallback() throws Exception {
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        deploy(installer, "1");
        // the fallback crashed between "installed -> displaced" and "tree -> installed"
        Files.move(target.resolve("app"), installer.workDirectory().resolve("displaced"));
        installer.recover();
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 1");
        assertThat(names(installer.workDirectory())).isEmpty();
    }

    @Test
    void recoverKeepsADisplacedVersionAsPreviousWhenTheNewOneIsInPlace() throws Exception {
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        deploy(installer, "1");
        deploy(installer, "2");
        Path displaced = installer.workDirectory().resolve("displaced");
        Files.createDirectories(displaced);
        Files.writeString(displaced.resolve("machine.yaml"), "version: 1.5");
        installer.recover();
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 2");
        assertThat(installer.previous().orElseThrow().resolve("machine.yaml")).hasContent("version: 1.5");
        assertThat(names(installer.workDirectory())).containsExactly("previous");
    }

    @Test
    void recoverWithoutWorkDirectoryDoesNothing() throws Exception {
        new Installer(root.resolve("nothing"), "app").recover();
        assertThat(root.resolve("nothing")).doesNotExist();
    }

    @Test
    void reverificationDetectsTamperedMissingAndExtraFiles() throws Exception {
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        deploy(installer, "1");
        String sums = sha(sumsOf("1"));
        Files.writeString(target.resolve("app/bin/run"), "evil");
        Files.delete(target.resolve("app/machine.yaml"));
        Files.writeString(target.resolve("app/dropped"), "x");
        assertThat(installer.verifyInstalled("SHA256SUMS", sums, false).failures())
                .extracting(FileFailure::file, FileFailure::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("machine.yaml", Reason.MISSING),
                        org.assertj.core.groups.Tuple.tuple("bin/run", Reason.MISMATCH));
        assertThat(installer.verifyInstalled("SHA256SUMS", sums, true).failures())
                .extracting(FileFailure::reason).contains(Reason.UNLISTED);
        Files.writeString(target.resolve("app/SHA256SUMS"), "");
        assertThatThrownBy(() -> installer.verifyInstalled("SHA256SUMS", sums, false))
                .isInstanceOf(ChecksumMismatchException.class);
        deploy(installer, "1");
        assertThat(installer.verifyInstalled("SHA256SUMS", sums, true).ok()).as("repaired by deploying again").isTrue();
    }

    @Test
    void replacesAFileStandingWhereTheDirectoryBelongs() throws Exception {
        Path target = Files.createDirectories(root.resolve("machines"));
        Files.writeString(target.resolve("app"), "not a directory");
        deploy(new Installer(target, "app"), "1");
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 1");
    }

    @Test
    void rejectsCreatesThatIsNotAPlainName() {
        for (String bad : new String[] {"", "a/b", ".", "..", "tmp", "x\ny"}) {
            assertThatThrownBy(() -> new Installer(root, bad)).isInstanceOf(ArchiveException.class);
        }
        assertThatThrownBy(() -> new Installer(root, "../x"))
                .hasMessage("creates '../x' must be a single directory name other than '.', '..' and 'tmp'");
    }

    @Test
    void refusesStagingOfAnotherInstaller() throws Exception {
        Installer a = new Installer(root, "a");
        Installer b = new Installer(root, "b");
        Staging staging = a.newStaging();
        Files.createDirectories(staging.extraction().resolve("b"));
        assertThatThrownBy(() -> b.install(new Staging(staging.directory(), "b")))
                .hasMessageContaining("does not belong to");
    }

    @Test
    void twoAttemptsFailingAlikeReadAlikeWithoutTheirRandomNames() throws Exception {
        Installer installer = new Installer(Files.createDirectories(root.resolve("machines")), "app");
        Staging first = installer.newStaging();
        Staging second = installer.newStaging();
        Path firstDownload = Files.createTempFile(first.directory(), "", "-archive.tgz");
        Path secondDownload = Files.createTempFile(second.directory(), "", "-archive.tgz");

        String masked = Staging.withoutRandomNames("cannot write " + firstDownload + ": No space left on device");
        assertThat(masked)
                .isEqualTo(Staging.withoutRandomNames("cannot write " + secondDownload + ": No space left on device"))
                .isEqualTo("cannot write " + installer.workDirectory().resolve("attempt-…/…-archive.tgz")
                        + ": No space left on device");
        installer.discard(first);
        installer.discard(second);
    }

    @Test
    void aLinkPlantedAsTheWorkAreaIsReplacedAndNeverWrittenOrDeletedThrough(@TempDir Path outside) throws Exception {
        Path target = Files.createDirectories(root.resolve("machines"));
        Files.createDirectories(outside.resolve("app/attempt-1"));
        Files.writeString(outside.resolve("app/attempt-1/precious"), "keep");
        Files.createSymbolicLink(target.resolve("tmp"), outside);
        Installer installer = new Installer(target, "app");

        installer.recover();
        deploy(installer, "1");
        deploy(installer, "2");

        assertThat(names(outside)).containsExactly("app");
        assertThat(names(outside.resolve("app"))).containsExactly("attempt-1");
        assertThat(outside.resolve("app/attempt-1/precious")).hasContent("keep");
        assertThat(Files.isSymbolicLink(target.resolve("tmp"))).isFalse();
        assertThat(names(installer.workDirectory())).containsExactly("previous");
    }

    @Test
    void aLinkPlantedAsTheWorkDirectoryOrInstalledVersionIsDeletedNotFollowed(@TempDir Path outside) throws Exception {
        Path target = Files.createDirectories(root.resolve("machines/tmp")).getParent();
        Files.writeString(outside.resolve("precious"), "keep");
        Files.createSymbolicLink(target.resolve("tmp/app"), outside);
        Files.createSymbolicLink(target.resolve("app"), outside);
        Installer installer = new Installer(target, "app");

        installer.recover();
        deploy(installer, "1");

        assertThat(names(outside)).containsExactly("precious");
        assertThat(Files.isSymbolicLink(target.resolve("app"))).isFalse();
        assertThat(target.resolve("app/machine.yaml")).hasContent("version: 1");
    }

    @Test
    void aWorkAreaOthersCanEnterIsMadePrivate() throws Exception {
        Path target = root.resolve("machines");
        Files.createDirectories(target.resolve("tmp/app"));
        Files.setPosixFilePermissions(target.resolve("tmp"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(target.resolve("tmp/app"), PosixFilePermissions.fromString("rwxrwxrwx"));

        deploy(new Installer(target, "app"), "1");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("tmp")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("tmp/app"))))
                .isEqualTo("rwx------");
    }
}

package mms.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import mms.digest.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that installs two versions alternately at random moments, then checks that
 * {@link Installer#recover()} leaves one complete version and no leftovers.
 */
class InstallCrashTest {

    private static final int TRIALS = 50;

    @TempDir
    Path root;

    private static String sha(String s) {
        return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Version {@code v}: 40 files, a SHA256SUMS listing them; returns [archive sha, sums sha]. */
    private String[] writeVersion(String v, Path file) throws Exception {
        Tars tar = Tars.tar().dir("app/");
        StringBuilder sums = new StringBuilder();
        tar.file("app/machine.yaml", "version: " + v + "\n");
        sums.append(sha("version: " + v + "\n")).append("  machine.yaml\n");
        for (int i = 0; i < 40; i++) {
            String content = v.repeat(1000 + i);
            tar.file("app/files/f" + i, content);
            sums.append(sha(content)).append("  files/f").append(i).append('\n');
        }
        tar.file("app/SHA256SUMS", sums.toString());
        byte[] tgz = tar.tgz();
        Files.write(file, tgz);
        return new String[] {Sha256.of(tgz), sha(sums.toString())};
    }

    @Test
    void recoverAlwaysLeavesOneCompleteVersion() throws Exception {
        Path a = root.resolve("a.tgz");
        Path b = root.resolve("b.tgz");
        String[] shaA = writeVersion("A", a);
        String[] shaB = writeVersion("B", b);
        Map<String, String> sumsByVersion = Map.of("version: A", shaA[1], "version: B", shaB[1]);
        Path target = root.resolve("machines");
        Installer installer = new Installer(target, "app");
        Random random = new Random();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), target.toString(), "app", a.toString(), shaA[0], shaA[1],
                b.toString(), shaB[0], shaB[1]);
        int killedAfterInstalls = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            boolean installedBefore = Files.exists(target.resolve("app"));
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int lines = random.nextInt(4); // "ready" plus 0..2 installs
                for (int i = 0; i <= lines; i++) {
                    String line = out.readLine();
                    assertThat(line).as("child output").isNotNull();
                }
                killedAfterInstalls += lines;
                LockSupport.parkNanos(random.nextLong(TimeUnit.MILLISECONDS.toNanos(15)));
                child.destroyForcibly();
                child.waitFor();
            } finally {
                child.destroyForcibly();
            }
            installer.recover();

            Path installed = target.resolve("app");
            if (installedBefore || Files.exists(installed)) {
                assertThat(installed).as("trial %d: installed directory", trial).isDirectory();
                String version = Files.readString(installed.resolve("machine.yaml")).strip();
                assertThat(sumsByVersion).as("trial %d: version", trial).containsKey(version);
                assertThat(installer.verifyInstalled("SHA256SUMS", sumsByVersion.get(version), true).describe())
                        .as("trial %d: installed content", trial).isEqualTo("ok");
            }
            if (installer.previous().isPresent()) {
                Path previous = installer.previous().get();
                String version = Files.readString(previous.resolve("machine.yaml")).strip();
                assertThat(mms.archive.Sha256Sums.verifyDirectory(previous, "SHA256SUMS", sumsByVersion.get(version),
                        true).describe()).as("trial %d: previous content", trial).isEqualTo("ok");
            }
            List<String> left = new ArrayList<>(names(installer.workDirectory()));
            left.remove("previous");
            assertThat(left).as("trial %d: leftovers after recover", trial).isEmpty();
            assertThat(names(target)).as("trial %d: target", trial).isSubsetOf("app", "tmp");
        }
        assertThat(killedAfterInstalls).as("some trials killed a child after it had installed").isPositive();
    }

    /** The names in a directory, sorted; none when a child killed early did not create it yet. */
    private static List<String> names(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

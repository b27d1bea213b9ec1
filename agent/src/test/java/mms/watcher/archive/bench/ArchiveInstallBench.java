package mms.watcher.archive.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import mms.archive.ArchiveDeployer;
import mms.archive.ArchiveLimits;
import mms.archive.ContentCheck;
import mms.archive.Deployment;
import mms.archive.DownloadedArchive;
import mms.archive.Downloader;
import mms.archive.ExtractedTree;
import mms.archive.Installer;
import mms.archive.SafeExtractor;
import mms.archive.Sha256Sums;
import mms.archive.Staging;
import mms.archive.VerificationResult;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.archive.source.ArchiveSource;
import mms.archive.source.ArchiveSources;
import mms.archive.source.HttpSourceOptions;
import mms.files.FileTrees;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.ObjectStorage;
import mms.kv.testing.NatsServer;
import mms.watcher.archive.ArchiveServer;

/**
 * Times one archive install by mms (download with streaming SHA-256, safe extraction with every
 * file forced to disk, SHA256SUMS verification, atomic install — {@link ArchiveDeployer}) against
 * the shell pipeline {@code curl -s URL | tar xz -C DIR && (cd DIR/<name> && sha256sum -c --quiet
 * SHA256SUMS)} on the same archive, served over loopback HTTP from this JVM. Runs alternate between
 * the two so that neither always finds a warmer cache, and an untimed {@code sync} follows each run so
 * that neither pays for the other's write-back. mms forces every file to disk before installing; the
 * shell pipeline does not, so the comparison favours the shell.
 *
 * <p>With {@code --nats}, a third leg installs the same archive from a NATS Object Store
 * ({@code nats-os://}) on a {@code nats-server -js} started by the benchmark on a loopback port, so
 * the object store source can be compared with HTTP on the same machine.
 *
 * <p>Arguments (all optional): {@code --runs N} (5), {@code --small N} (5000 files of 8 KiB of
 * random text), {@code --large N} (4 files of 40 MiB of random bytes), {@code --work DIR} (a new
 * temporary directory, removed afterwards), {@code --nats} (also time the object store source),
 * {@code --quick} (a smoke run in a few seconds: one run of 50 small files and no large one; the
 * figures mean nothing).
 */
public final class ArchiveInstallBench {

    private static final String NAME = "bench";
    private static final String OBJECT_BUCKET = "mms_bench";

    private ArchiveInstallBench() {}

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int small = 5000;
        int large = 4;
        Path work = null;
        boolean nats = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--large" -> large = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--nats" -> nats = true;
                case "--quick" -> {
                    runs = 1;
                    small = 50;
                    large = 0;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean temporary = work == null;
        if (temporary) {
            work = Files.createTempDirectory("mms-archive-bench-");
        }
        try (ArchiveServer server = new ArchiveServer();
             NatsServer natsServer = nats ? NatsServer.start(work.resolve("nats"), List.of()) : null;
             KeyValueStore store = nats ? KeyValueStores.open(natsServer.url(), ConnectOptions.NONE) : null) {
            run(work, server, Optional.ofNullable(store), runs, small, large);
        } finally {
            if (temporary) {
                FileTrees.deleteTree(work);
            }
        }
    }

    private static void run(Path work, ArchiveServer server, Optional<KeyValueStore> nats, int runs, int small,
            int large) throws Exception {
        Path src = work.resolve("src").resolve(NAME);
        long started = System.nanoTime();
        long bytes = generate(src, small, large);
        System.out.printf(Locale.ROOT, "generated %d small + %d large files, %.1f MiB, in %.1fs%n", small, large,
                bytes / 1048576.0, seconds(System.nanoTime() - started));
        started = System.nanoTime();
        MachineBundle bundle = Bundler.bundle(src, work.resolve("out"), server.url("/repo"));
        byte[] archive = Files.readAllBytes(bundle.archive());
        server.serve("/repo/" + bundle.archive().getFileName(), archive);
        System.out.printf(Locale.ROOT, "bundled %s: %.1f MiB in %.1fs%n", bundle.archive().getFileName(),
                archive.length / 1048576.0, seconds(System.nanoTime() - started));
        String shell = "curl -s " + bundle.source() + " | tar xz -C DIR && (cd DIR/" + NAME
                + " && sha256sum -c --quiet SHA256SUMS)";
        System.out.println("shell: " + shell);
        Optional<MachineBundle> fromObjects = Optional.empty();
        if (nats.isPresent()) {
            started = System.nanoTime();
            ObjectStorage objects = nats.get().objects().orElseThrow();
            String objectName = "bench/" + bundle.archive().getFileName();
            try (InputStream in = Files.newInputStream(bundle.archive())) {
                objects.put(OBJECT_BUCKET, objectName, in);
            }
            fromObjects = Optional.of(new MachineBundle(bundle.name(), bundle.version(), bundle.archive(),
                    ArchiveSources.objectStoreUrl(OBJECT_BUCKET, objectName), bundle.checksum(), bundle.verifyChecksum()));
            System.out.printf(Locale.ROOT, "uploaded to %s in %.1fs%n", fromObjects.get().source(),
                    seconds(System.nanoTime() - started));
        }

        ArchiveLimits limits = new ArchiveLimits(Math.max(ArchiveLimits.DEFAULT_MAX_SIZE, archive.length),
                ArchiveLimits.DEFAULT_MAX_EXTRACTED_SIZE, Math.max(ArchiveLimits.DEFAULT_MAX_FILES, small + 100), false);
        List<Long> mms = new ArrayList<>();
        List<Long> sh = new ArrayList<>();
        List<Long> os = new ArrayList<>();
        // one warm-up of each, not counted: JIT, page cache, the server's first response
        timeMms(work.resolve("warm-mms"), bundle, limits);
        timeShell(work.resolve("warm-sh"), shell);
        if (fromObjects.isPresent()) {
            timeMms(work.resolve("warm-os"), fromObjects.get(), nats.get(), limits);
        }
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                mms.add(timeMms(work.resolve("mms-" + i), bundle, limits));
                sh.add(timeShell(work.resolve("sh-" + i), shell));
            } else {
                sh.add(timeShell(work.resolve("sh-" + i), shell));
                mms.add(timeMms(work.resolve("mms-" + i), bundle, limits));
            }
            if (fromObjects.isPresent()) {
                os.add(timeMms(work.resolve("os-" + i), fromObjects.get(), nats.get(), limits));
            }
            System.out.printf(Locale.ROOT, "run %d: mms %.3fs, shell %.3fs%s%n", i + 1, seconds(mms.getLast()),
                    seconds(sh.getLast()), os.isEmpty() ? "" : String.format(Locale.ROOT, ", mms from nats-os %.3fs",
                            seconds(os.getLast())));
        }
        double mmsMedian = seconds(median(mms));
        double shMedian = seconds(median(sh));
        System.out.printf(Locale.ROOT, "mms   median %.3fs min %.3fs mean %.3fs%n", mmsMedian, seconds(min(mms)),
                seconds(mean(mms)));
        System.out.printf(Locale.ROOT, "shell median %.3fs min %.3fs mean %.3fs%n", shMedian, seconds(min(sh)),
                seconds(mean(sh)));
        System.out.printf(Locale.ROOT, "ratio mms/shell (medians) %.2f%n", mmsMedian / shMedian);
        if (!os.isEmpty()) {
            double osMedian = seconds(median(os));
            System.out.printf(Locale.ROOT, "nats-os median %.3fs min %.3fs mean %.3fs%n", osMedian, seconds(min(os)),
                    seconds(mean(os)));
            System.out.printf(Locale.ROOT, "ratio nats-os/http (medians) %.2f, nats-os/shell %.2f%n",
                    osMedian / mmsMedian, osMedian / shMedian);
        }
        phases(work.resolve("phases"), bundle, limits);
    }

    /** One more mms install, step by step, to show where the time goes. */
    private static void phases(Path target, MachineBundle bundle, ArchiveLimits limits) throws Exception {
        Installer installer = new Installer(target, NAME);
        Staging staging = installer.newStaging();
        long t0 = System.nanoTime();
        DownloadedArchive archive = new Downloader().download(
                ArchiveSources.of(bundle.source(), HttpSourceOptions.defaults()), staging.directory(),
                bundle.checksum(), limits.maxSize());
        long t1 = System.nanoTime();
        ExtractedTree tree = SafeExtractor.extract(archive.file(), staging.extraction(), NAME, limits);
        long t2 = System.nanoTime();
        VerificationResult result = Sha256Sums.verifyDirectory(tree.root(), Bundler.SUMS_FILE,
                bundle.verifyChecksum(), false);
        long t3 = System.nanoTime();
        installer.install(staging);
        long t4 = System.nanoTime();
        if (!result.ok()) {
            throw new IllegalStateException(result.describe());
        }
        System.out.printf(Locale.ROOT, "phases: download+sha256 %.3fs, extract+fsync %.3fs, verify %.3fs, install %.3fs%n",
                seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), seconds(t4 - t3));
        FileTrees.deleteTree(target);
    }

    private static long timeMms(Path target, MachineBundle bundle, ArchiveLimits limits) throws Exception {
        return timeMms(target, bundle, null, limits);
    }

    /** One install of {@code bundle.source()}; {@code store} serves {@code nats-os://} sources. */
    private static long timeMms(Path target, MachineBundle bundle, KeyValueStore store, ArchiveLimits limits)
            throws Exception {
        long started = System.nanoTime();
        Installer installer = new Installer(target, NAME);
        ArchiveDeployer deployer = new ArchiveDeployer(installer, new Downloader(), limits);
        ArchiveSource source = ArchiveSources.of(bundle.source(), HttpSourceOptions.defaults(),
                store == null ? Optional.empty() : store.objects());
        Deployment deployment = deployer.deploy(source,
                bundle.checksum(), Optional.of(new ContentCheck(Bundler.SUMS_FILE, bundle.verifyChecksum())));
        long elapsed = System.nanoTime() - started;
        if (!Files.isDirectory(deployment.installed())) {
            throw new IllegalStateException("nothing installed at " + deployment.installed());
        }
        FileTrees.deleteTree(target);
        settle();
        return elapsed;
    }

    /**
     * Untimed: flushes what the last run left dirty (the shell pipeline does not fsync) and its
     * deletion, so that no run pays for the previous one's write-back.
     */
    private static void settle() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static long timeShell(Path dir, String shell) throws Exception {
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c",
                shell.replace("DIR", dir.toString())).redirectErrorStream(true);
        long started = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        long elapsed = System.nanoTime() - started;
        if (exit != 0) {
            throw new IllegalStateException("shell pipeline failed with exit code " + exit + ": " + output);
        }
        FileTrees.deleteTree(dir);
        settle();
        return elapsed;
    }

    /** Many small text files in 50 directories and a few large random ones, plus machine.yaml. */
    private static long generate(Path dir, int small, int large) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("machine.yaml"), "name: " + NAME + "\nversion: 1.0.0\n");
        SplittableRandom random = new SplittableRandom(42);
        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\n ".getBytes(StandardCharsets.US_ASCII);
        long total = 0;
        byte[] text = new byte[8192];
        for (int i = 0; i < small; i++) {
            Path sub = Files.createDirectories(dir.resolve("lib").resolve("d" + (i % 50)));
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet[random.nextInt(alphabet.length)];
            }
            Files.write(sub.resolve("f" + i + ".txt"), text);
            total += text.length;
        }
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < large; i++) {
            try (OutputStream out = Files.newOutputStream(dir.resolve("blob" + i + ".bin"))) {
                for (int mib = 0; mib < 40; mib++) {
                    random.nextBytes(block);
                    out.write(block);
                    total += block.length;
                }
            }
        }
        return total;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long mean(List<Long> values) {
        return (long) values.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    private static double seconds(long nanos) {
        return Duration.ofNanos(nanos).toNanos() / 1e9;
    }
}

package mms.files;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for full-disk tests: a tmpfs of a few MiB mounted on a test directory,
 * filled to the last byte on demand ({@link #fill()}), so writes fail with the kernel's own
 * {@code ENOSPC}, and emptied again ({@link #free()}). Mounting needs root (as on the CI); where it
 * is impossible the test is skipped, saying why. {@link #close()} unmounts.
 */
public final class SmallDisk implements AutoCloseable {

    private static final String FILLER = ".filler";
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a tmpfs of {@code size} (e.g. {@code 8m}) on {@code directory}, an existing empty
     * directory; skips the calling test when that is impossible.
     */
    public static SmallDisk mount(Path directory, String size) throws IOException, InterruptedException {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs",
                directory.toString()).redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            abort("full-disk test skipped: cannot mount a " + size + " tmpfs on " + directory
                    + " (needs root and permission to mount): " + output);
        }
        return new SmallDisk(directory);
    }

    public Path root() {
        return mountPoint;
    }

    /** Takes every free byte with a hidden filler file, so that the next write fails with ENOSPC. */
    public void fill() throws IOException {
        ByteBuffer page = ByteBuffer.allocate(4096);
        try (FileChannel filler = FileChannel.open(mountPoint.resolve(FILLER), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (true) {
                page.clear();
                filler.write(page);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    /** Leaves {@code bytes} free: fills the disk, then gives that much back. */
    public void leaveFree(long bytes) throws IOException {
        fill();
        try (FileChannel filler = FileChannel.open(mountPoint.resolve(FILLER), StandardOpenOption.WRITE)) {
            filler.truncate(Math.max(0, filler.size() - bytes));
        }
    }

    /** Removes the filler: the space is back. */
    public void free() throws IOException {
        Files.deleteIfExists(mountPoint.resolve(FILLER));
    }

    /** Remounts the disk read-only: every write fails with EROFS, even for root. */
    public void readOnly() throws IOException, InterruptedException {
        remount("ro");
    }

    /** Remounts the disk read-write again. */
    public void writable() throws IOException, InterruptedException {
        remount("rw");
    }

    private void remount(String mode) throws IOException, InterruptedException {
        Process remount = new ProcessBuilder("mount", "-o", "remount," + mode, mountPoint.toString())
                .redirectErrorStream(true).start();
        String output = new String(remount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!remount.waitFor(30, TimeUnit.SECONDS) || remount.exitValue() != 0) {
            throw new IOException("cannot remount the test tmpfs on " + mountPoint + " " + mode + ": " + output);
        }
    }

    /** Whether {@code path} is the filler. */
    public static boolean isFiller(Path path) {
        return path.getFileName() != null && path.getFileName().toString().equals(FILLER);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process umount = new ProcessBuilder("umount", mountPoint.toString()).redirectErrorStream(true).start();
        String output = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
            throw new IOException("cannot unmount the test tmpfs on " + mountPoint + ": " + output);
        }
    }
}

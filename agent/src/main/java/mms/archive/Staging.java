package mms.archive;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One install attempt's private work directory, {@code <target>/tmp/<creates>/attempt-<random>}.
 * Download into {@link #directory()}, extract into {@link #extraction()}, then hand it to
 * {@link Installer#install(Staging)}. {@link Installer#discard(Staging)} or {@link Installer#recover()}
 * removes it.
 *
 * @param directory the attempt directory (mode 0700), on the same file system as the target
 * @param creates   the top-level directory name the archive must contain
 */
public record Staging(Path directory, String creates) {

    /** The random parts of attempt directory and downloaded file names. */
    private static final Pattern RANDOM_NAMES = Pattern.compile("(?<=attempt-)[0-9]+|[0-9]+(?=-archive\\.tgz)");

    /**
     * {@code message} with the random parts of attempt directory and download file names replaced
     * by {@code …}, so that the same failure in two attempts (a full disk) reads the same and is
     * reported once.
     */
    public static String withoutRandomNames(String message) {
        return RANDOM_NAMES.matcher(message).replaceAll("…");
    }

    /** Where the archive is extracted: {@code <directory>/extract}, an existing empty directory. */
    public Path extraction() {
        return directory.resolve("extract");
    }

    /** The extracted tree to install: {@code <directory>/extract/<creates>}. */
    public Path tree() {
        return extraction().resolve(creates);
    }
}

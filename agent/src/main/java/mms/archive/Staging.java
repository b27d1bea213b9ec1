package mms.archive;

import java.nio.file.Path;

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

    /** Where the archive is extracted: {@code <directory>/extract}, an existing empty directory. */
    public Path extraction() {
        return directory.resolve("extract");
    }

    /** The extracted tree to install: {@code <directory>/extract/<creates>}. */
    public Path tree() {
        return extraction().resolve(creates);
    }
}

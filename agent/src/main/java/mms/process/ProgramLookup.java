package mms.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the program a child runs as Go's {@code exec.LookPath} does, in a given {@code PATH}: the
 * original's exec watcher looks a bare name up in the agent's {@code PATH} (not in the one it gives
 * the child), and a name with a {@code /} relative to the machine directory rather than this
 * JVM's working directory, which is where {@link ProcessBuilder} would look.
 */
public final class ProgramLookup {
    private ProgramLookup() {}

    /**
     * Finds a program: a name with a {@code /} is taken relative to {@code directory}, a bare name
     * is searched in {@code path}; relative {@code PATH} entries are skipped as Go's
     * {@code exec.LookPath} refuses them.
     *
     * @param name      the program as written in the command, not null
     * @param path      the {@code PATH} to search ({@code :}-separated), null for none
     * @param directory the child's working directory, not null
     * @return the executable regular file, or empty when there is none
     */
    public static Optional<Path> find(String name, String path, Path directory) {
        if (name.contains("/")) {
            Path candidate = directory.resolve(name);
            return isExecutableFile(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        for (String entry : (path == null ? "" : path).split(":", -1)) {
            if (entry.isEmpty() || !Path.of(entry).isAbsolute()) {
                continue;
            }
            Path candidate = Path.of(entry).resolve(name);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }
}

package mms.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the program a child runs, in the {@code PATH} the child will see rather than this JVM's
 * (which is what {@link ProcessBuilder} would search), as Go's {@code exec.LookPath} does after the
 * original set the child's {@code PATH}.
 */
public final class ProgramLookup {
    private ProgramLookup() {}

    /**
     * Finds a program: a name with a {@code /} is taken relative to {@code directory}, a bare name
     * is searched in {@code path}; relative {@code PATH} entries are skipped as Go's
     * {@code exec.LookPath} refuses them.
     *
     * @param name      the program as written in the command, not null
     * @param path      the child's {@code PATH} ({@code :}-separated), null for none
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

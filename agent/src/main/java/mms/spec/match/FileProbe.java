package mms.spec.match;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * How matchers look at the node's file system. Callers normally use {@link #system()}; tests and
 * embedders may supply their own. Paths given to these methods are never empty.
 */
public interface FileProbe {

    /**
     * {@code has_file} semantics: true when the path exists (any type, symlinks followed) and also
     * when it cannot be examined for a reason other than not existing (e.g. permission denied),
     * as the original does.
     *
     * @param path the path, not null
     */
    boolean exists(Path path);

    /**
     * {@code has_directory} semantics: true when the path is a directory (symlinks followed).
     *
     * @param path the path, not null
     */
    boolean isDirectory(Path path);

    /**
     * The executable check of Go's {@code exec.LookPath}: exists (symlinks followed), is not a
     * directory, and is executable by this process.
     *
     * @param path the path, not null
     */
    boolean isExecutable(Path path);

    /** The probe over the default file system; relative paths resolve against the working directory. */
    static FileProbe system() {
        return SystemFileProbe.INSTANCE;
    }
}

/** {@link FileProbe#system()}. */
enum SystemFileProbe implements FileProbe {
    INSTANCE;

    @Override
    public boolean exists(Path path) {
        try {
            Files.readAttributes(path, BasicFileAttributes.class);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | SecurityException e) {
            return true;
        }
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public boolean isExecutable(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return !attributes.isDirectory() && Files.isExecutable(path);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}

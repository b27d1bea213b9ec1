package mms.archive.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.OptionalLong;

/** Reads an archive from the local file system ({@code file:///path/to/archive.tgz}). */
public final class FileSource implements ArchiveSource {

    private final Path path;

    /** @param path the archive file, never {@code null} */
    public FileSource(Path path) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    }

    /** The file this source reads. */
    public Path path() {
        return path;
    }

    @Override
    public String description() {
        return path.toUri().toString();
    }

    /**
     * @throws IOException when the file does not exist or is not a regular file (symbolic links to
     *                     regular files are followed, as for any local path)
     */
    @Override
    public SourceStream open() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "source file does not exist");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException("source file " + path + " is not a regular file");
        }
        return new SourceStream(Files.newInputStream(path), OptionalLong.of(attributes.size()));
    }

}

package mms.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Key files and command line key arguments, the same for private and public keys: a file holds
 * the hex text, and an argument is a path when a file exists there, else the hex itself.
 */
final class KeyFiles {

    /** Parses the hex text of one kind of key. */
    @FunctionalInterface
    interface Parser<K> {
        K parse(String hex) throws KeyFormatException;
    }

    private KeyFiles() {}

    /**
     * Reads a key file; a format error names the file, e.g. {@code private key file /x: ...}.
     *
     * @param what {@code "private key"} or {@code "public key"}
     */
    static <K> K read(Path file, String what, Parser<K> parser) throws IOException, KeyFormatException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return parser.parse(text);
        } catch (KeyFormatException e) {
            throw new KeyFormatException(what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code pathOrHex} as a key file when a regular file exists there, else parses it as hex. */
    static <K> K resolve(String pathOrHex, String what, Parser<K> parser) throws IOException, KeyFormatException {
        Objects.requireNonNull(pathOrHex, "pathOrHex");
        if (!pathOrHex.isEmpty() && Files.isRegularFile(Path.of(pathOrHex))) {
            return read(Path.of(pathOrHex), what, parser);
        }
        return parser.parse(pathOrHex);
    }

    /** Writes {@code text} to {@code file} with mode 0600 via a temporary file and a rename. */
    static void write(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package mms.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import mms.files.AtomicFiles;
import mms.posix.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key files and command line key arguments, the same for private and public keys: a file holds
 * the hex text, and an argument is a path when a file exists there, else the hex itself.
 */
final class KeyFiles {
    /** The {@code what} of private keys. */
    static final String PRIVATE_KEY = "private key";
    private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);

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
        if (what.equals(PRIVATE_KEY)) {
            // whoever can read it can sign what the fleet trusts: said, not changed (it may be shared on purpose)
            PrivateFiles.exposure(file, "private key file").ifPresent(LOG::warn);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return parser.parse(text);
        } catch (KeyFormatException e) {
            throw new KeyFormatException(what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code pathOrHex} as a key file when a regular file exists there, else parses it as
     * hex. Text that is not hex and names no file is reported as a missing file, not as bad hex:
     * {@code /etc/mms/signer.pub} mistyped is a path, and saying "not valid hex" would mislead.
     */
    static <K> K resolve(String pathOrHex, String what, Parser<K> parser) throws IOException, KeyFormatException {
        Objects.requireNonNull(pathOrHex, "pathOrHex");
        if (pathOrHex.isEmpty() || isHex(pathOrHex)) {
            return parser.parse(pathOrHex);
        }
        Path file = Path.of(pathOrHex);
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file, and not a hex key either");
        }
        return read(file, what, parser);
    }

    private static boolean isHex(String text) {
        return text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Writes {@code text} to {@code file} with mode 0600 via a temporary file and a rename. */
    static void write(Path file, String text) throws IOException {
        AtomicFiles.replace(file, AtomicFiles.PRIVATE, out -> out.write(text.getBytes(StandardCharsets.US_ASCII)));
    }
}

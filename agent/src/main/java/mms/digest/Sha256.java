package mms.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as mms writes it everywhere: lowercase hex, as {@code sha256sum} prints it (manifest
 * hashes, {@code SHA256SUMS}, archive checksums, object summaries).
 */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the jdk has no sha-256", e);
        }
    }

    /** Lowercase hex of a finished digest. */
    public static String hex(MessageDigest digest) {
        return HEX.formatHex(digest.digest());
    }

    /** Lowercase hex SHA-256 of {@code bytes}. */
    public static String of(byte[] bytes) {
        return HEX.formatHex(newDigest().digest(bytes));
    }

    /**
     * Lowercase hex SHA-256 of a file's content. Symbolic links are not followed.
     *
     * @throws IOException when the file cannot be read
     */
    public static String ofFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }
}

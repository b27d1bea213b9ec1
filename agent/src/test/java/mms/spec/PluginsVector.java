package mms.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The plugins specification test vector in {@code src/test/resources/plugins-vector} (see its
 * README): signed once outside the JDK with the original's algorithm, over the base64 text.
 */
public final class PluginsVector {
    /** Where the files are on the class path. */
    public static final String DIRECTORY = "/plugins-vector/";
    /** The published test public key, hex. */
    public static final String PUBLIC = "e974f1faf56d3d3f5ffcd70bf5dee2612b1354b857c9a02c2603df8bd9ca4a70";
    /** The fact the vector's {@code source} takes its port from. */
    public static final String PORT_FACT = "plugins_port";

    private PluginsVector() {}

    /** The bytes of a file of the vector, e.g. {@code plugins.json}. */
    public static byte[] bytes(String name) {
        try (InputStream in = PluginsVector.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + DIRECTORY + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the vector as text. */
    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The signed envelope. */
    public static String envelope() {
        return text("plugins.envelope.json");
    }

    /** The test private key. */
    public static Ed25519PrivateKey privateKey() {
        try {
            return Ed25519PrivateKey.parse(text("test-signing-key.hex"));
        } catch (KeyFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test public key. */
    public static Ed25519PublicKey publicKey() {
        try {
            return Ed25519PublicKey.parse(PUBLIC);
        } catch (KeyFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}

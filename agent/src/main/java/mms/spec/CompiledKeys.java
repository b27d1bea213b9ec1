package mms.spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The public keys compiled into the build (Maven property {@code mms.compiled.public.key}, filtered
 * into {@value #RESOURCE}), the counterpart of the original's {@code machineswatcher.PublicKey}
 * variable set at link time. They cannot be changed at run time. The property may list several
 * keys, separated by commas or blanks, and a custom build may add its own copy of the resource in
 * its jar (see {@code examples/custom-agent}): every key of every copy on the class path is
 * trusted. The resource keeps the path of earlier builds so their custom jars keep working.
 */
public final class CompiledKeys {
    /** Where the keys are: one {@code public_key} property per copy. */
    public static final String RESOURCE = "/mms/watcher/machines/compiled-key.properties";
    /** The Maven property that sets them. */
    public static final String BUILD_PROPERTY = "mms.compiled.public.key";

    private CompiledKeys() {}

    /**
     * Reads every copy of the resource on the class path.
     *
     * @return the distinct keys, in class-path order; empty when the build has none
     * @throws KeyFormatException when a copy holds something that is not a list of hex public keys
     *     (the message names the copy); a build that meant to trust a key must not run without it
     * @throws IOException when a copy cannot be read
     */
    public static List<Ed25519PublicKey> load() throws KeyFormatException, IOException {
        Set<Ed25519PublicKey> keys = new LinkedHashSet<>();
        Enumeration<URL> copies = CompiledKeys.class.getClassLoader().getResources(RESOURCE.substring(1));
        while (copies.hasMoreElements()) {
            URL copy = copies.nextElement();
            Properties p = new Properties();
            try (InputStream in = copy.openStream()) {
                p.load(in);
            }
            try {
                keys.addAll(parse(p.getProperty("public_key", "")));
            } catch (KeyFormatException e) {
                throw new KeyFormatException(copy + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Interprets a filtered value: blank or an unresolved {@code ${...}} placeholder means none,
     * otherwise hex public keys separated by commas or blanks.
     *
     * @throws KeyFormatException when a key is not a hex ed25519 public key
     */
    static List<Ed25519PublicKey> parse(String value) throws KeyFormatException {
        String v = value.strip();
        if (v.isEmpty() || v.startsWith("${")) {
            return List.of();
        }
        List<Ed25519PublicKey> keys = new ArrayList<>();
        for (String hex : v.split("[,\\s]+")) {
            try {
                keys.add(Ed25519PublicKey.parse(hex));
            } catch (KeyFormatException e) {
                throw new KeyFormatException("compiled-in public key (build property " + BUILD_PROPERTY + ") '"
                        + hex + "' is not a hex ed25519 public key: " + e.getMessage(), e);
            }
        }
        return keys;
    }
}

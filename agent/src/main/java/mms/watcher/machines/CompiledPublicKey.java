package mms.watcher.machines;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.watcher.WatcherConfigException;

/**
 * The public key compiled into the build (Maven property {@code mms.compiled.public.key}, filtered
 * into {@code mms/watcher/machines/compiled-key.properties}), the counterpart of the original's
 * {@code machineswatcher.PublicKey} variable set at link time. It cannot be changed at run time.
 */
final class CompiledPublicKey {
    static final String RESOURCE = "/mms/watcher/machines/compiled-key.properties";
    static final String BUILD_PROPERTY = "mms.compiled.public.key";

    private CompiledPublicKey() {}

    /**
     * Reads the compiled-in key.
     *
     * @throws WatcherConfigException when the build was given a value that is not a public key
     */
    static Optional<Ed25519PublicKey> load() throws WatcherConfigException {
        // a custom build may add its own copy of the resource in its jar (see examples/custom-agent):
        // every copy on the class path counts, and two different keys are refused rather than guessed
        Optional<Ed25519PublicKey> found = Optional.empty();
        java.net.URL foundAt = null;
        try {
            var urls = CompiledPublicKey.class.getClassLoader().getResources(RESOURCE.substring(1));
            while (urls.hasMoreElements()) {
                java.net.URL url = urls.nextElement();
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                Optional<Ed25519PublicKey> key = parse(p.getProperty("public_key", ""));
                if (key.isPresent() && found.isPresent() && !key.get().equals(found.get())) {
                    throw new WatcherConfigException("conflicting compiled-in public keys in " + foundAt + " and " + url);
                }
                if (key.isPresent() && found.isEmpty()) {
                    found = key;
                    foundAt = url;
                }
            }
        } catch (IOException e) {
            throw new WatcherConfigException("cannot read the compiled-in public key " + RESOURCE + ": " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * Interprets the filtered value: blank or an unresolved {@code ${...}} placeholder means none.
     *
     * @throws WatcherConfigException when it is set but not a hex ed25519 public key
     */
    static Optional<Ed25519PublicKey> parse(String value) throws WatcherConfigException {
        String v = value.strip();
        if (v.isEmpty() || v.startsWith("${")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ed25519PublicKey.parse(v));
        } catch (KeyFormatException e) {
            throw new WatcherConfigException("compiled-in public key (build property " + BUILD_PROPERTY + ") '"
                    + v + "' is not a hex ed25519 public key: " + e.getMessage(), e);
        }
    }
}

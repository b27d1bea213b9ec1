package mms.spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Optional;

/**
 * The trust document compiled into a build, for the paranoid build whose nodes must trust exactly
 * what the package says: a jar on the class path carrying {@value #RESOURCE} (a self-signed
 * {@link TrustDocument}, as {@code mms trust init} and {@code mms sign} write it). When present it
 * takes precedence over every setting ({@code trust_file}, {@code signing_key}) and over compiled-in
 * keys; rotations published through the store still apply, since a threshold of its keys signs
 * them.
 */
public final class CompiledTrust {
    /** Where the document is on the class path. */
    public static final String RESOURCE = "mms/spec/trust.json";

    private CompiledTrust() {}

    /**
     * Reads the document from the class path of this class.
     *
     * @return empty when the build has none
     * @throws SpecificationException when a copy does not parse, is not self-signed, or two copies differ
     * @throws IOException when a copy cannot be read
     */
    public static Optional<TrustDocument> load() throws SpecificationException, IOException {
        return load(CompiledTrust.class.getClassLoader());
    }

    /** As {@link #load()}, from {@code loader}. */
    static Optional<TrustDocument> load(ClassLoader loader) throws SpecificationException, IOException {
        Optional<TrustDocument> found = Optional.empty();
        URL first = null;
        Enumeration<URL> copies = loader.getResources(RESOURCE);
        while (copies.hasMoreElements()) {
            URL copy = copies.nextElement();
            String text;
            try (InputStream in = copy.openStream()) {
                text = new String(in.readNBytes(Envelope.MAX_LENGTH + 1), StandardCharsets.UTF_8);
            }
            TrustDocument document = TrustDocument.parseSelfSigned(text, "compiled-in trust document " + copy);
            if (found.isPresent() && !found.get().payloadDigest().equals(document.payloadDigest())) {
                throw new SpecificationException("two different compiled-in trust documents are on the class path, "
                        + first + " and " + copy + ": a build trusts one");
            }
            if (found.isEmpty()) {
                found = Optional.of(document);
                first = copy;
            }
        }
        return found;
    }
}

package mms.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import mms.machine.Manifest;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;

/**
 * A machine built into the agent, the counterpart of the original's machine plugins. Listed in
 * {@code META-INF/services/mms.host.CompiledMachine}; the host gives it the data directory
 * {@code <machines>/<name>} and never reloads or removes it.
 */
public interface CompiledMachine {

    /**
     * The machine's manifest; {@link #fromResource} builds one from a YAML file bundled in a jar.
     *
     * @throws ManifestException when the definition cannot be decoded
     */
    Manifest manifest() throws ManifestException;

    /** Whether this machine should run on this node (the original's activation check); default yes. */
    default boolean active() {
        return true;
    }

    /**
     * Decodes a {@code machine.yaml} bundled as a class-path resource next to {@code owner}.
     *
     * @throws ManifestException when missing or invalid
     */
    static Manifest fromResource(Class<?> owner, String resource) throws ManifestException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ManifestException("compiled-in machine resource " + resource + " not found next to " + owner.getName());
            }
            return ManifestParser.parse(Path.of("classpath:" + owner.getPackageName().replace('.', '/') + "/" + resource),
                    in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

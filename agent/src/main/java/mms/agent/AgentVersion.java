package mms.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The agent's version, baked in at build time. A class of its own, without a logger, so that
 * {@code mms --version} reads it without setting up logging or loading the agent.
 */
public final class AgentVersion {
    private AgentVersion() {}

    /** The version, {@code unknown} when the build did not record one. */
    public static String get() {
        Properties p = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("/mms/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}

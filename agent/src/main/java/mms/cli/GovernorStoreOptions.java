package mms.cli;

import java.nio.file.Path;
import java.util.Map;
import mms.governor.Governor;
import mms.governor.GovernorEventSink;
import mms.governor.GovernorException;
import mms.governor.GovernorOptions;
import mms.governor.Governors;
import mms.kv.ConnectOptions;
import picocli.CommandLine.Option;

/** Where the governors live, shared by the {@code mms governor} verbs. */
final class GovernorStoreOptions {
    static final String DEFAULT_STORE = "sqlite:/var/lib/mms/kv.db";

    @Option(names = "--store", paramLabel = "URL",
            description = "where governors live: sqlite:PATH limits the processes of this host, "
                    + "nats://HOST:PORT (more servers after commas) the whole fleet; MMS_STORE; the default is "
                    + DEFAULT_STORE)
    String store;

    @Option(names = "--collective", paramLabel = "NAME", defaultValue = "choria",
            description = "main collective, the first part of the governor subjects (<collective>.governor.<name>); "
                    + "default ${DEFAULT-VALUE}")
    String collective;

    @Option(names = "--credentials", paramLabel = "FILE", description = "NATS credentials file (.creds)")
    Path credentials;

    String url(Map<String, String> environment) {
        if (store != null && !store.isBlank()) {
            return store;
        }
        String env = environment.get("MMS_STORE");
        return env != null && !env.isBlank() ? env : DEFAULT_STORE;
    }

    Governor open(GovernorEventSink events) {
        ConnectOptions connect = credentials == null ? ConnectOptions.NONE : ConnectOptions.NONE.withCredentials(credentials);
        try {
            return Governors.open(url(System.getenv()), new GovernorOptions(connect, collective, events));
        } catch (GovernorException e) {
            throw new CliException(e.getMessage(), 1, e);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2, e);
        }
    }

    /** Work done with the open governors. */
    @FunctionalInterface
    interface GovernorWork<T> {
        T apply(Governor governor) throws GovernorException;
    }

    /**
     * Opens the governors, applies {@code work} and closes them: the one place where the
     * {@code mms governor} verbs turn governor failures into one-line CLI errors.
     */
    <T> T apply(GovernorEventSink events, GovernorWork<T> work) {
        try (Governor governor = open(events)) {
            return work.apply(governor);
        } catch (GovernorException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
    }
}

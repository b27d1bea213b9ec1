package mms.governor;

import java.util.regex.Pattern;
import mms.governor.jetstream.JetStreamGovernor;
import mms.governor.sqlite.SqliteGovernor;
import mms.kv.InvalidName;
import mms.kv.StoreUrl;

/** Opens a {@link Governor} from a store URL, the same URLs as {@link mms.kv.KeyValueStores}. */
public final class Governors {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Governors() {
    }

    /**
     * Opens a governor.
     *
     * <ul>
     *   <li>{@code sqlite:PATH}: tables in the SQLite file {@code PATH} (created when missing), shared
     *       by the processes of this host; normally the agent's store file.</li>
     *   <li>{@code nats://host:port[,nats://...]} or {@code tls://...}: JetStream, compatible with
     *       Choria's governor streams.</li>
     * </ul>
     *
     * @param url     the store URL, not null
     * @param options connection, collective and event sink
     * @return the governor; close it when done
     * @throws GovernorException when the URL is malformed or the store cannot be opened
     */
    public static Governor open(String url, GovernorOptions options) throws GovernorException {
        StoreUrl parsed;
        try {
            parsed = StoreUrl.parse(url);
        } catch (InvalidName e) {
            throw new GovernorException("governor " + e.getMessage(), e);
        }
        return switch (parsed) {
            case StoreUrl.Sqlite sqlite -> SqliteGovernor.open(sqlite.file(), options.events());
            case StoreUrl.Nats nats -> JetStreamGovernor.connect(nats.servers(), options);
        };
    }

    /**
     * Checks a governor name.
     *
     * @return the name
     * @throws GovernorException naming the bad value
     */
    public static String checkName(String name) throws GovernorException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new GovernorException("invalid governor name '" + name + "': use 1 to 64 letters, digits, '_' or '-'");
        }
        return name;
    }

    /**
     * Checks the values of {@link Governor#add}.
     *
     * @throws GovernorException naming the bad value
     */
    public static void checkConfiguration(String name, int capacity, java.time.Duration expire, int replicas)
            throws GovernorException {
        checkName(name);
        if (capacity < 1) {
            throw new GovernorException("governor " + name + ": capacity " + capacity + " is too small, minimum is 1");
        }
        if (expire == null || expire.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw new GovernorException("governor " + name + ": expiry " + (expire == null ? "(none)" : mms.duration.GoDuration.format(expire)) + " is too short, minimum is 1s");
        }
        if (replicas < 1 || replicas > 5) {
            throw new GovernorException("governor " + name + ": replicas " + replicas + " must be between 1 and 5");
        }
    }
}

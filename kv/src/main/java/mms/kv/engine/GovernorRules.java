package mms.kv.engine;

import java.time.Duration;
import java.util.regex.Pattern;
import mms.duration.GoDuration;
import mms.kv.InvalidName;
import mms.kv.KvException;

/** The checks both engines apply to governors, so they accept and refuse the same values. */
public final class GovernorRules {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Duration SHORTEST_EXPIRY = Duration.ofSeconds(1);

    private GovernorRules() {
    }

    /**
     * Checks a governor name: 1 to 64 letters, digits, {@code _} or {@code -}, because it becomes a
     * stream name and a subject token on NATS.
     *
     * @return the name
     * @throws InvalidName naming the bad value
     */
    public static String name(String name) throws InvalidName {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidName("invalid governor name '" + name + "': use 1 to 64 letters, digits, '_' or '-'");
        }
        return name;
    }

    /**
     * Checks what {@link mms.kv.GovernorStorage#add} is given.
     *
     * @throws KvException naming the bad value
     */
    public static void configuration(String name, int capacity, Duration expire, int replicas) throws KvException {
        name(name);
        if (capacity < 1) {
            throw new KvException("governor " + name + ": capacity " + capacity + " is too small, minimum is 1");
        }
        if (expire == null || expire.compareTo(SHORTEST_EXPIRY) < 0) {
            throw new KvException("governor " + name + ": expiry " + (expire == null ? "(none)" : GoDuration.format(expire))
                    + " is too short, minimum is " + GoDuration.format(SHORTEST_EXPIRY));
        }
        if (replicas < 1 || replicas > 5) {
            throw new KvException("governor " + name + ": replicas " + replicas + " must be between 1 and 5");
        }
    }
}

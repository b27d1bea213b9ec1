package mms.governor;

import java.util.Objects;
import mms.kv.ConnectOptions;

/**
 * How {@link Governors#open} connects and where events go.
 *
 * @param connect    NATS authentication ({@link ConnectOptions#NONE} for none; ignored by SQLite).
 *                   TLS is used for {@code tls://} URLs with the JDK's trust store; the PEM TLS
 *                   files of {@link ConnectOptions} are not supported by the governor
 * @param collective the main collective: JetStream subjects are {@code <collective>.governor.<name>};
 *                   Choria's default is {@code choria}
 * @param events     where lifecycle events go (JetStream also publishes them to NATS)
 */
public record GovernorOptions(ConnectOptions connect, String collective, GovernorEventSink events) {

    /** No authentication, collective {@code choria}, events logged. */
    public static final GovernorOptions DEFAULT = new GovernorOptions(ConnectOptions.NONE, "choria", GovernorEventSink.log());

    /** Validates. */
    public GovernorOptions {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(events, "events");
        if (collective == null || !collective.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("governor collective '" + collective + "' is not a valid subject token");
        }
    }

    /** A copy with another event sink. */
    public GovernorOptions withEvents(GovernorEventSink sink) {
        return new GovernorOptions(connect, collective, sink);
    }
}

package mms.event;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints events for a person watching a terminal, as {@code choria machine run} does:
 * {@code [HH:MM:SS] <machine> transitioned via event <t>: <from> => <to>} and watcher states in
 * their text form. {@code mms machine run} uses it.
 */
public final class ConsoleEventSink implements EventSink {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final PrintStream out;

    public ConsoleEventSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void publish(MachineEvent event) {
        String when = TIME.format(Instant.ofEpochSecond(event.timestamp()));
        String line = switch (event) {
            case TransitionNotification t -> t.machine() + " transitioned via event " + t.transition() + ": "
                    + t.fromState() + " => " + t.toState();
            case WatcherStateNotification s -> s.text();
            case RolloutTransition r -> r.describe();
        };
        synchronized (out) {
            out.println("[" + when + "] " + line);
            out.flush();
        }
    }
}

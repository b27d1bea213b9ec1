package mms.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import mms.event.EventDecoder;
import mms.event.EventFormatException;
import mms.event.MachineEvent;
import mms.event.RolloutTransition;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.Messages;
import mms.runtime.WatcherRegistry;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mms machine watch}: the fleet's machine events as they happen, as {@code choria machine watch} shows them. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {
            "Prints the transitions, watcher states and rollout steps of every node as they happen, until Ctrl-C.",
            "",
            "Reads what the agents, and Choria nodes, publish on the NATS subjects of the store; needs a NATS "
                    + "store. One line per event as 'choria machine watch' prints it, at the time the event "
                    + "happened on its node:",
            "  [10:00:01] web1 heartbeat transitioned via event ok: unknown => healthy",
            "--json prints each event's CloudEvent JSON as received instead, one per line."
        })
final class MachineWatchCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Pattern SUBJECT_TOKEN = Pattern.compile("[A-Za-z0-9_-]+|\\*");
    static final String TRANSITIONS = "choria.machine.transition";

    @Option(names = "--identity", paramLabel = "RE",
            description = "only nodes whose identity matches this regular expression anywhere (a plain name matches "
                    + "as a substring, as in the original)")
    String identity;

    @Option(names = "--machine", paramLabel = "NAME", description = "only machines whose name contains NAME (and the"
            + " rollouts of those machines)")
    String machine;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "only watcher states of this type, e.g. exec (repeatable; default every type); "
                    + "transitions are still shown unless --watchers")
    List<String> types = new ArrayList<>();

    @Option(names = "--transitions", description = "only transitions")
    boolean onlyTransitions;

    @Option(names = "--watchers", description = "only watcher states")
    boolean onlyWatchers;

    @Option(names = "--rollouts", description = "only the steps of rollouts (an mms event)")
    boolean onlyRollouts;

    @Option(names = "--json", description = "print each event's CloudEvent JSON as received, one per line")
    boolean json;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Pattern> identities = identityPattern();
        List<String> subjects = subjects();
        EventDecoder decoder = EventDecoder.of(WatcherRegistry.discover().stateReaders());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C: end the wait below and let it close the store before the JVM exits
        Thread hook = Thread.ofPlatform().name("machine-watch-stop").unstarted(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (KeyValueStore s = store.openNats("machine watch")) {
            Messages messages = s.messages().orElseThrow(() -> new CliException("the store " + s.description()
                    + " has no message bus"));
            Messages.Handler show = (subject, body) -> show(decoder, identities, subject, body, out);
            for (String subject : subjects) {
                messages.subscribe(subject, show);
            }
            err.println("watching " + String.join(" and ", subjects) + " on " + s.description() + ", Ctrl-C stops");
            err.flush();
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                removeShutdownHook(hook);
            }
        } catch (KvException e) {
            throw KvOutput.failed(e);
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /**
     * The subjects {@code choria machine watch} subscribes to for these options, and mms's rollout
     * steps unless another kind alone is asked for.
     */
    private List<String> subjects() {
        boolean every = !onlyTransitions && !onlyWatchers && !onlyRollouts;
        List<String> subjects = new ArrayList<>();
        if (every || onlyTransitions) {
            subjects.add(TRANSITIONS);
        }
        if (every || onlyWatchers) {
            for (String type : types.isEmpty() ? List.of("*") : types) {
                if (!SUBJECT_TOKEN.matcher(type).matches()) {
                    throw new CliException("--type '" + type + "': a watcher type is letters, digits, '_' and '-', "
                            + "or '*' for every type", 2, null);
                }
                subjects.add("choria.machine.watcher." + type + ".state");
            }
        }
        if (every || onlyRollouts) {
            subjects.add(RolloutTransition.SUBJECT);
        }
        return subjects;
    }

    private Optional<Pattern> identityPattern() {
        try {
            return Optional.ofNullable(identity).map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new CliException("--identity '" + identity + "': not a regular expression: "
                    + e.getDescription(), 2, e);
        }
    }

    /** Prints one received message, unless it does not decode or a filter leaves it out. */
    private void show(EventDecoder decoder, Optional<Pattern> identities, String subject, byte[] body, PrintWriter out) {
        MachineEvent event;
        try {
            event = decoder.decode(body);
        } catch (EventFormatException e) {
            // not a static logger: picocli makes this command for every 'mms machine ...', which
            // would then all set up logging
            LoggerFactory.getLogger(MachineWatchCommand.class)
                    .warn("could not decode an event on {}: {}", subject, e.getMessage());
            return;
        }
        if (identities.isPresent() && !identities.get().matcher(event.identity()).find()) {
            return;
        }
        if (machine != null && !event.machine().contains(machine)
                && !(event instanceof RolloutTransition r && r.entry().contains(machine))) {
            return;
        }
        String line = json ? new String(body, StandardCharsets.UTF_8)
                : "[" + TIME.format(Instant.ofEpochSecond(event.timestamp())) + "] " + event.text();
        out.println(line);
        out.flush();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what ended the wait
        }
    }
}

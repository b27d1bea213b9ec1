package mms.watcher.gossip;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.Messages;
import mms.template.TemplateException;
import mms.time.FailureSeries;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Publishes a message, or a service registration, on the agent's message bus while the machine is
 * in a watched state: at once when it enters one, then every {@code interval}. It never
 * transitions and never publishes its own state (the announce loop does, when configured).
 *
 * <p>Publications go through the store's {@link Messages} (the agent's one NATS connection). A
 * store without a message bus (SQLite), a template that does not render, a rendered subject that
 * is invalid and a failed publication are problems of one publication: each is logged once at
 * ERROR when it starts (again every ten minutes while it lasts, and once at INFO when it ends),
 * and the next interval tries again.
 */
public final class GossipWatcher implements Watcher {
    /** How long the same problem stays quiet after it was reported. */
    static final Duration REMINDER = Duration.ofMinutes(10);

    private final WatcherSettings settings;
    private final GossipProperties properties;
    private volatile GossipStateNotification current = GossipStateNotification.NEVER;
    /** Problems of publications in a row; loop thread only. */
    private final FailureSeries problems = new FailureSeries(REMINDER);

    GossipWatcher(WatcherSettings settings, GossipProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public GossipProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        String subject = properties.subjectTemplate(runtime.machine().instanceId());
        runtime.log().info("gossip watcher starting with subject \"{}\" every {}", subject,
                GoDuration.format(properties.interval()));
        Instant next = null; // when to publish next; null while not gossiping
        while (true) {
            if (runtime.shouldWatch()) {
                Instant now = runtime.now();
                if (next == null) {
                    runtime.log().info("starting gossip while in state {}", runtime.machine().state());
                    next = now;
                }
                if (!now.isBefore(next)) {
                    gossip(runtime, subject);
                    next = now.plus(properties.interval());
                }
            } else if (next != null) {
                runtime.log().info("stopping gossip on transition to {}", runtime.machine().state());
                next = null;
            }
            runtime.awaitWakeup(next == null ? Instant.MAX : next);
        }
    }

    /** One publication; problems are reported, never thrown. */
    private void gossip(WatcherRuntime runtime, String subjectTemplate) {
        MachineContext machine = runtime.machine();
        Optional<KeyValueStore> store = machine.services().store();
        Optional<Messages> messages = store.flatMap(KeyValueStore::messages);
        if (messages.isEmpty()) {
            problem(runtime, store.map(s -> "cannot gossip: the agent's store " + s.description()
                    + " has no message bus; gossip needs a NATS store (store: nats://host:port)")
                    .orElse("cannot gossip: the agent has no store, and gossip needs a NATS store"));
            return;
        }
        String subject;
        String payload;
        try {
            subject = machine.render(subjectTemplate);
        } catch (TemplateException e) {
            problem(runtime, "could not render the subject template '" + subjectTemplate + "': " + e.getMessage());
            return;
        }
        Optional<String> invalid = GossipProperties.invalidSubject(subject);
        if (invalid.isPresent()) {
            problem(runtime, "cannot gossip: subject '" + subject + "' rendered from '" + subjectTemplate + "' "
                    + invalid.get());
            return;
        }
        try {
            payload = payload(machine);
        } catch (TemplateException e) {
            problem(runtime, "could not render the payload: " + e.getMessage());
            return;
        }
        try {
            messages.get().publish(subject, properties.headers(), payload.getBytes(StandardCharsets.UTF_8));
        } catch (KvException e) {
            problem(runtime, "could not publish gossip to " + subject + ": " + e.getMessage());
            return;
        }
        current = new GossipStateNotification(subject, payload, runtime.now().getEpochSecond());
        if (problems.succeeded()) {
            runtime.log().info("gossip published again to {}", subject);
        }
        runtime.log().debug("published gossip to {}", subject);
    }

    /** The rendered payload: the {@code payload} template, or the registration with its annotations rendered. */
    private String payload(MachineContext machine) throws TemplateException {
        if (properties.registration().isEmpty()) {
            return machine.render(properties.payload());
        }
        ServiceRegistration registration = properties.registration().get();
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, String> a : registration.annotations().entrySet()) {
            annotations.put(a.getKey(), machine.render(a.getValue()));
        }
        return registration.withAnnotations(annotations).json();
    }

    private void problem(WatcherRuntime runtime, String message) {
        switch (problems.failed(message, runtime.now())) {
            case NEW -> runtime.log().error("{}", message);
            case REMINDER -> runtime.log().error("{} (still, {} times since {})", message, problems.failures(),
                    problems.since().orElseThrow());
            case QUIET -> runtime.log().debug("{}", message);
        }
    }
}

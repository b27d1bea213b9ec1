package mms.watcher;

import java.time.Duration;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.governor.Governor;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventType;
import mms.kv.KvException;
import mms.kv.Slot;
import mms.template.TemplateException;

/**
 * Runs a watcher's work while holding a governor slot, the way every governed watcher type does it
 * (watchers.md §1.8): the templated governor name, the host's {@link Governor} service (the
 * governors of the agent's store), the original's holder text
 * {@code Auto Agent  <machine>#<watcher> @ <identity>} (two spaces), and the
 * {@code enter}/{@code exit}/{@code timeouts} lifecycle events around the work.
 */
public final class GovernedRun {
    private GovernedRun() {}

    /** The work done while the slot is held; it may fail with its own checked exception {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E, InterruptedException;
    }

    /** Why the work could not start; the message is the outcome's error text. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Takes a slot in the governor named by {@code template}, runs {@code work}, leaves the slot.
     *
     * @throws Refused              when the name does not render, no governor is configured (refusing
     *                              is safer than running ungoverned) or no slot was had in {@code timeout}
     * @throws InterruptedException when the machine stops while waiting or working
     * @throws E                    what the work throws
     */
    public static <T, E extends Exception> T holding(WatcherRuntime runtime, String watcherName, String template,
                                                     Duration timeout, Work<T, E> work)
            throws Refused, InterruptedException, E {
        MachineContext machine = runtime.machine();
        String name;
        try {
            name = machine.render(template).strip();
        } catch (TemplateException e) {
            throw new Refused("could not parse governor name template: " + e.getMessage());
        }
        Optional<Governor> service = machine.services().governor();
        if (service.isEmpty()) {
            throw new Refused("cannot use governor '" + name + "': no governor is configured on this agent");
        }
        Governor governor = service.get();
        runtime.log().info("Using governor {}", name);
        runtime.log().info("Obtaining a slot in the {} Governor with {} timeout", name, GoDuration.format(timeout));
        String holder = "Auto Agent  " + machine.name() + "#" + watcherName + " @ " + machine.identity();
        Slot slot;
        try {
            slot = governor.storage().enter(name, holder, timeout);
        } catch (KvException e) {
            runtime.log().error("Could not obtain a slot in the Governor {}: {}", name, e.getMessage());
            governor.announce(GovernorEvent.of(GovernorEventType.TIMEOUTS, machine.identity(), machine.name(), name, 0,
                    machine.time().instant()));
            throw new Refused("could not obtain a slot in governor " + name + ": " + e.getMessage());
        }
        long sequence = slot.sequence();
        governor.announce(GovernorEvent.of(GovernorEventType.ENTER, machine.identity(), machine.name(), name, sequence,
                machine.time().instant()));
        try {
            return work.run();
        } finally {
            governor.announce(GovernorEvent.of(GovernorEventType.EXIT, machine.identity(), machine.name(), name, sequence,
                    machine.time().instant()));
            slot.close();
        }
    }
}

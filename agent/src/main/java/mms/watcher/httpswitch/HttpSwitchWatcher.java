package mms.watcher.httpswitch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import mms.event.WatcherState;
import mms.event.WatcherStateNotification;
import mms.http.Routes;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * A switch that people and tools flip over the agent's HTTP listener: "on" publishes the state and
 * fires {@code success_transition}, "off" publishes and fires {@code fail_transition}. It also
 * follows the machine: on every state change (and at start) into an {@code on_when} or
 * {@code off_when} state it reports on or off and publishes, without a transition.
 *
 * <p>Threads: the runtime's loop thread follows the machine's states; a request thread of the
 * HTTP listener flips the switch, checking and acting under one lock, so the answer says what was
 * done rather than what was queued. The switch is served only while its loop runs.
 */
public final class HttpSwitchWatcher implements Watcher {
    /** Where the original serves switches, followed by {@code <machine>/<watcher>}. */
    public static final String SWITCH_PATH = "/choria/machine/switch/v1/";
    /** Where the original serves the Home Assistant flavour, followed by {@code <machine>/<watcher>}. */
    public static final String HOME_ASSISTANT_PATH = "/choria/homeassistant/switch/v1/";

    private final WatcherSettings settings;
    private final HttpSwitchProperties properties;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile SwitchState status = SwitchState.UNKNOWN;
    /** The runtime while the loop runs, for the request threads; null otherwise. */
    private volatile WatcherRuntime running;

    HttpSwitchWatcher(WatcherSettings settings, HttpSwitchProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public HttpSwitchProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return new HttpSwitchStateNotification(status, properties.annotations());
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        running = runtime;
        List<Routes.Registration> served = serve(runtime);
        try {
            while (true) {
                follow(runtime);
                runtime.awaitWakeup();
            }
        } finally {
            running = null;
            served.forEach(Routes.Registration::close);
        }
    }

    @Override
    public void close() {
        running = null;
    }

    /** Serves the switch's two paths on the agent's listener, or says why it cannot. */
    private List<Routes.Registration> serve(WatcherRuntime runtime) {
        MachineContext machine = runtime.machine();
        Optional<Routes> routes = machine.services().http();
        if (routes.isEmpty()) {
            runtime.log().warn("cannot be switched over HTTP: the agent has no HTTP listener (set http_listen); "
                    + "the switch only follows on_when and off_when");
            return List.of();
        }
        String switchPath = SWITCH_PATH + machine.name() + "/" + settings.name();
        String homeAssistantPath = HOME_ASSISTANT_PATH + machine.name() + "/" + settings.name();
        List<Routes.Registration> served = new ArrayList<>();
        served.add(routes.get().serve(switchPath, request -> SwitchApi.choria(this, request)));
        served.add(routes.get().serve(homeAssistantPath, request -> SwitchApi.homeAssistant(this, request)));
        runtime.log().info("serving the switch at {} and {}", switchPath, homeAssistantPath);
        return served;
    }

    /** On a state change while active: report on or off for {@code on_when}/{@code off_when} states. */
    private void follow(WatcherRuntime runtime) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (!runtime.shouldWatch()) {
                return;
            }
            String state = runtime.machine().state();
            if (properties.onWhen().contains(state)) {
                status = SwitchState.ON;
                runtime.publish();
            } else if (properties.offWhen().contains(state)) {
                status = SwitchState.OFF;
                runtime.publish();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The switch's state. */
    SwitchState status() {
        return status;
    }

    /**
     * The full state notification as the event would carry it ({@code protocol}, {@code identity},
     * … {@code status}, {@code is_on}, {@code annotations}), for the HTTP answer's {@code detail}.
     *
     * @return the notification's data; empty when the loop does not run
     */
    Optional<ObjectNode> detail() {
        WatcherRuntime runtime = running;
        if (runtime == null) {
            return Optional.empty();
        }
        MachineContext m = runtime.machine();
        return Optional.of(new WatcherStateNotification(m.identity(), m.instanceId(), m.version(),
                runtime.now().getEpochSecond(), settings.type(), m.name(), settings.name(), currentState()).data());
    }

    /**
     * Flips the switch, as the original's {@code TurnOn}/{@code TurnOff}: refused while the machine
     * is in a {@code disable_when} state or the watcher is not active; otherwise the state is set
     * and published and the success (on) or failure (off) transition fires.
     *
     * @return why it was refused, in the original's words; empty when it was done
     * @throws InterruptedException when the request thread is interrupted (the listener closes)
     */
    Optional<String> flip(boolean on) throws InterruptedException {
        WatcherRuntime runtime = running;
        if (runtime == null) {
            return Optional.of("switch is not running");
        }
        lock.lockInterruptibly();
        try {
            if (properties.disableWhen().contains(runtime.machine().state())) {
                return Optional.of("watcher is disabled");
            }
            if (!runtime.shouldWatch()) {
                return Optional.of(on ? "watcher is not in an active state" : "switch is not in an active state");
            }
            status = on ? SwitchState.ON : SwitchState.OFF;
            runtime.log().info("switched {} over HTTP", status.wireName());
            runtime.publish();
            if (on) {
                runtime.success();
            } else {
                runtime.failure();
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }
}

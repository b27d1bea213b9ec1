package mms.watcher.expression;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import mms.event.WatcherState;
import mms.spec.match.MatchEnvironment;
import mms.spec.match.Matcher;
import mms.spec.match.MatcherException;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Evaluates {@code success_when}, then {@code fail_when}, every {@code interval} (default 10s,
 * the first after one interval) and on wake-ups. Entering {@code success_when} publishes and fires
 * the success transition, entering {@code failed_when} publishes and fires the failure transition;
 * staying there publishes again without a transition, as the original. An evaluation error is
 * logged and published, without a transition; {@code no_match} and {@code skipped} do nothing but
 * become the previous outcome, so a later match transitions again.
 */
public final class ExpressionWatcher implements Watcher {
    /** {@code interval} when none is set. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Smallest accepted {@code interval}. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);

    private final WatcherSettings settings;
    private final ExpressionProperties properties;
    private volatile ExpressionStateNotification current = new ExpressionStateNotification(ExpressionState.SKIPPED);
    /** The last evaluation error logged at ERROR, so a lasting one is not logged every interval; loop thread only. */
    private String loggedError = "";

    /** A watcher with validated settings and properties. */
    public ExpressionWatcher(WatcherSettings settings, ExpressionProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public ExpressionProperties properties() {
        return properties;
    }

    /** The evaluation period: {@code interval}, or 10s when unset. */
    Duration interval() {
        return settings.hasInterval() ? settings.interval() : DEFAULT_INTERVAL;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    /** The expressions read data and facts: a change is worth evaluating at once. */
    @Override
    public boolean wakeOnDataChange() {
        return true;
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        runtime.log().info("expression watcher starting");
        Instant next = runtime.now().plus(interval());
        while (true) {
            boolean woken = runtime.awaitWakeup(next);
            if (!woken) {
                if (runtime.now().isBefore(next)) {
                    continue;
                }
                next = runtime.now().plus(interval());
            }
            handle(runtime, evaluate(runtime));
        }
    }

    /** The outcome of one evaluation and, for {@link ExpressionState#ERROR}, why. */
    record Result(ExpressionState state, String error) {
        static Result of(ExpressionState state) {
            return new Result(state, "");
        }
    }

    Result evaluate(WatcherRuntime runtime) {
        if (!runtime.shouldWatch()) {
            return Result.of(ExpressionState.SKIPPED);
        }
        MachineContext machine = runtime.machine();
        MatchEnvironment node = MatchEnvironment.of(machine.identity(), machine.facts()).withData(machine.data());
        try {
            if (holds(runtime, properties.successWhen(), node)) {
                return Result.of(ExpressionState.SUCCESS_WHEN);
            }
            if (holds(runtime, properties.failWhen(), node)) {
                return Result.of(ExpressionState.FAILED_WHEN);
            }
        } catch (MatcherException e) {
            return new Result(ExpressionState.ERROR, e.getMessage());
        }
        return Result.of(ExpressionState.NO_MATCH);
    }

    private static boolean holds(WatcherRuntime runtime, Optional<Matcher> expression, MatchEnvironment node)
            throws MatcherException {
        if (expression.isEmpty()) {
            return false;
        }
        boolean result = expression.get().matches(node);
        runtime.log().debug("Evaluated expression {} returned: {}", expression.get().expression(), result);
        return result;
    }

    private void handle(WatcherRuntime runtime, Result result) throws InterruptedException {
        ExpressionState previous = current.previousOutcome();
        current = new ExpressionStateNotification(result.state());
        if (result.state() != ExpressionState.ERROR) {
            loggedError = "";
        }
        switch (result.state()) {
            case SUCCESS_WHEN -> {
                runtime.ran();
                runtime.publish();
                if (previous != ExpressionState.SUCCESS_WHEN) {
                    runtime.success();
                }
            }
            case FAILED_WHEN -> {
                runtime.ran();
                runtime.publish();
                if (previous != ExpressionState.FAILED_WHEN) {
                    runtime.failure();
                }
            }
            case ERROR -> {
                if (!result.error().equals(loggedError)) {
                    runtime.log().error("Evaluating expressions failed: {}", result.error());
                    loggedError = result.error();
                } else {
                    runtime.log().debug("Evaluating expressions failed again: {}", result.error());
                }
                runtime.ran();
                runtime.publish();
            }
            case NO_MATCH -> runtime.ran();
            case SKIPPED -> {
                // inactive: nothing to tell, but a later match is a new one
            }
        }
    }
}

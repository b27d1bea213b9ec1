package mms.watcher.expression;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The expression-specific member of {@code io.choria.machine.watcher.expression.v1.state}.
 *
 * @param previousOutcome the outcome of the last evaluation
 */
public record ExpressionStateNotification(ExpressionState previousOutcome) implements WatcherState {

    /**
     * Reads the member {@link #writeTo} writes back from a received
     * {@code io.choria.machine.watcher.expression.v1.state}.
     *
     * @throws EventFormatException when it is missing or has a value this watcher never writes
     */
    public static ExpressionStateNotification read(EventData data) throws EventFormatException {
        return new ExpressionStateNotification(
                data.wireName("previous_outcome", ExpressionState.class, ExpressionState::wireName));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("previous_outcome", previousOutcome.wireName());
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " previous: " + previousOutcome.wireName();
    }

    @Override
    public Optional<String> outcome() {
        return Optional.of(previousOutcome.wireName());
    }
}

package mms.kv.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import mms.duration.GoDuration;
import mms.kv.EnterOptions;
import mms.kv.NoFreeSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One holder's wait for a slot, as both engines run it: tries until the timeout, waiting between
 * them as the {@link EnterOptions#backoff()} says, and giving up with {@link NoFreeSlot}. Not
 * thread safe: one campaign per {@code enter} call.
 */
public final class Campaign {
    private static final Logger LOG = LoggerFactory.getLogger(Campaign.class);

    private final String governor;
    private final EnterOptions options;
    private final long started = System.nanoTime();
    private int tries;

    /**
     * Starts the clock of a campaign.
     *
     * @param governor the governor's name, for messages
     * @param options  timeout and backoff
     */
    public Campaign(String governor, EnterOptions options) {
        this.governor = governor;
        this.options = options;
    }

    /** Counts a try about to be made. */
    public void tryOnce() {
        tries++;
    }

    /** Returns how long the campaign may still run; zero or negative once its timeout passed. */
    public Duration remaining() {
        return options.timeout().minusNanos(System.nanoTime() - started);
    }

    /**
     * After a try that found no slot: waits as the backoff says for the tries made so far, never
     * past the timeout.
     *
     * @throws NoFreeSlot           when the timeout has passed
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitRetry() throws NoFreeSlot, InterruptedException {
        Duration remaining = remaining();
        if (!remaining.isPositive()) {
            LOG.info("stopping campaigns against {} due to timeout after {} tries", governor, tries);
            throw new NoFreeSlot("governor " + governor + ": no slot became free within "
                    + GoDuration.format(options.timeout()) + " (" + tries + " tries)");
        }
        Duration delay = options.backoff().delay(tries, ThreadLocalRandom.current());
        Thread.sleep(delay.compareTo(remaining) < 0 ? delay : remaining);
    }
}

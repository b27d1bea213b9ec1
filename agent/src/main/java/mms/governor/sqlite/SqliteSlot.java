package mms.governor.sqlite;

import java.time.Duration;
import mms.governor.GovernorException;
import mms.governor.KeptAliveSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A slot row kept alive by a virtual thread that refreshes it every third of the expiry. */
final class SqliteSlot extends KeptAliveSlot {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSlot.class);

    private final SqliteGovernor governor;
    private final long sequence;

    SqliteSlot(SqliteGovernor governor, String name, long sequence, String holder, Duration expire, boolean leave) {
        super(name, holder, leave);
        this.governor = governor;
        this.sequence = sequence;
        if (leave) {
            startKeepingAlive(() -> keepAlive(expire.dividedBy(3)));
        }
    }

    private void keepAlive(Duration period) {
        try {
            while (!stopped(period)) {
                try {
                    if (!governor.keepAlive(name, sequence)) {
                        lost("was evicted or expired while held");
                        return;
                    }
                } catch (GovernorException e) {
                    // the next refresh may succeed; the slot only expires after three missed ones
                    LOG.warn("governor {}: could not keep slot {} alive: {}", name, sequence, e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    protected void forget() {
        governor.forget(this);
    }

    @Override
    protected boolean delete(long seq) throws GovernorException {
        return governor.delete(name, seq);
    }
}

package mms.kv.sqlite;

import java.time.Duration;
import mms.kv.KvException;
import mms.kv.engine.KeptAliveSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A slot row kept alive by a virtual thread that refreshes it every third of the expiry. */
final class SqliteSlot extends KeptAliveSlot {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSlot.class);

    private final SqliteGovernors governors;
    private final long sequence;

    SqliteSlot(SqliteGovernors governors, String name, long sequence, String holder, Duration expire, boolean leave,
               Keepers keepers) {
        super(name, holder, leave, keepers);
        this.governors = governors;
        this.sequence = sequence;
        if (leave) {
            startKeepingAlive(() -> keepAlive(expire.dividedBy(3)));
        }
    }

    private void keepAlive(Duration period) {
        try {
            while (!stopped(period)) {
                try {
                    if (!governors.keepAlive(name, sequence)) {
                        lost("was evicted or expired while held");
                        return;
                    }
                } catch (KvException e) {
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
    protected boolean delete(long seq) throws KvException {
        return governors.delete(name, seq);
    }
}

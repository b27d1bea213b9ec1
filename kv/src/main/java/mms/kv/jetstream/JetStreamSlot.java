package mms.kv.jetstream;

import java.time.Duration;
import java.util.Optional;
import mms.kv.KvException;
import mms.kv.engine.KeptAliveSlot;
import mms.kv.jetstream.JetStreamGovernors.Attempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held message in a governor stream, kept alive by re-publishing it (see the package
 * documentation) on a virtual thread.
 */
final class JetStreamSlot extends KeptAliveSlot {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamSlot.class);

    private final JetStreamGovernors governor;
    private final String subject;
    private final String campaign;
    private final Duration expire;
    private volatile long sequence;
    private int refreshes;

    JetStreamSlot(JetStreamGovernors governor, String name, String subject, long sequence, String holder,
                  String campaign, Duration expire, boolean leave, Keepers keepers) {
        super(name, holder, leave, keepers);
        this.governor = governor;
        this.subject = subject;
        this.sequence = sequence;
        this.campaign = campaign;
        this.expire = expire;
        // without max age nothing expires and there is nothing to keep alive
        if (leave && expire.isPositive()) {
            startKeepingAlive(this::keepAlive);
        }
    }

    private void keepAlive() {
        Duration step = max(Duration.ofMillis(50), expire.dividedBy(20));
        try {
            long published = System.nanoTime();
            while (!stopped(Duration.ofNanos(published + expire.toNanos() / 2 - System.nanoTime()))) {
                long lastResort = published + expire.toNanos() * 8 / 10;
                boolean refreshed = false;
                while (!refreshed && System.nanoTime() < lastResort) {
                    Optional<Boolean> mine = governor.present(name, sequence);
                    if (mine.isPresent() && !mine.get()) {
                        lost("was evicted or expired");
                        return;
                    }
                    refreshed = mine.isPresent() && copy();
                    if (!refreshed && stopped(step)) {
                        return;
                    }
                }
                if (!refreshed && !replace()) {
                    return;
                }
                published = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String nextId() {
        return campaign + "-r" + (++refreshes);
    }

    /** Publishes a copy while there is room, then deletes the old message: never loses the slot. */
    private boolean copy() throws InterruptedException {
        Optional<long[]> state = governor.state(name);
        if (state.isEmpty() || state.get()[0] >= state.get()[1]) {
            return false;
        }
        String id = nextId();
        for (int i = 0; i < 3; i++) {
            Attempt a = governor.publish(name, subject, holder, id, 0, Duration.ofSeconds(2));
            switch (a) {
                case Attempt.Stored s -> {
                    swap(s.sequence(), "copy");
                    return true;
                }
                case Attempt.Rejected r -> {
                    return false;
                }
                case Attempt.Unknown u -> LOG.debug("governor {}: keep-alive copy try failed: {}", name, u.reason());
            }
            if (stopped(Duration.ofMillis(100))) {
                return false;
            }
        }
        // one last look with the same id so an unanswered copy does not stay behind
        if (governor.publish(name, subject, holder, id, 0, Duration.ofSeconds(2)) instanceof Attempt.Stored s) {
            swap(s.sequence(), "copy");
            return true;
        }
        return false;
    }

    /**
     * Deletes the message and publishes its copy only if nobody published in between; the last
     * resort when the governor stayed full until 80% of the expiry.
     */
    private boolean replace() throws InterruptedException {
        Optional<long[]> state = governor.state(name);
        while (state.isEmpty()) {
            LOG.warn("governor {}: cannot keep slot {} alive, the stream cannot be read; retrying", name, sequence);
            if (stopped(Duration.ofMillis(200))) {
                return false;
            }
            state = governor.state(name);
        }
        long old = sequence;
        long lastSeq = state.get()[2];
        try {
            if (!governor.delete(name, old)) {
                lost("was evicted or expired");
                return false;
            }
        } catch (KvException e) {
            LOG.warn("governor {}: cannot keep slot {} alive: {}", name, old, e.getMessage());
            return true;
        }
        String id = nextId();
        for (int i = 0; i < 5; i++) {
            Attempt a = governor.publish(name, subject, holder, id, lastSeq, Duration.ofSeconds(2));
            switch (a) {
                case Attempt.Stored s -> {
                    sequence = s.sequence();
                    LOG.debug("governor {}: slot {} kept alive in place as {}", name, old, s.sequence());
                    return true;
                }
                case Attempt.Rejected r -> {
                    lost("was taken by another holder while being kept alive (" + r.reason() + ")");
                    return false;
                }
                case Attempt.Unknown u -> LOG.debug("governor {}: keep-alive try failed: {}", name, u.reason());
            }
        }
        lost("could not be re-published");
        return false;
    }

    private void swap(long fresh, String how) {
        long old = sequence;
        sequence = fresh;
        try {
            governor.delete(name, old);
        } catch (KvException e) {
            LOG.warn("governor {}: could not remove seq {} after keeping it alive as {}: {}", name, old, fresh, e.getMessage());
        }
        LOG.debug("governor {}: slot {} kept alive by {} as {}", name, old, how, fresh);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    protected boolean delete(long seq) throws KvException {
        return governor.delete(name, seq);
    }
}

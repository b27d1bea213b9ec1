package mms.cli;

import java.time.Duration;
import java.util.List;
import mms.config.AgentConfig;
import mms.governor.EnterOptions;
import mms.governor.Governor;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventSink;
import mms.governor.GovernorException;
import mms.governor.GovernorInfo;
import mms.governor.GovernorOptions;
import mms.governor.GovernorView;
import mms.governor.Governors;
import mms.governor.Slot;

/**
 * The agent's governor, on the agent's store, opened on first use: the agent must start even when
 * NATS is unreachable, and a watcher that needs a governor then reports the error itself.
 */
final class LazyGovernor implements Governor {
    private final AgentConfig.StoreSettings store;
    private final GovernorOptions options;
    private Governor governor;

    LazyGovernor(AgentConfig.StoreSettings store) {
        this.store = store;
        this.options = new GovernorOptions(store.connect(), GovernorOptions.DEFAULT.collective(), GovernorEventSink.log());
    }

    private synchronized Governor governor() throws GovernorException {
        if (governor == null) {
            governor = Governors.open(store.url(), options);
        }
        return governor;
    }

    @Override
    public Slot enter(String name, String holder, EnterOptions enter) throws GovernorException, InterruptedException {
        return governor().enter(name, holder, enter);
    }

    @Override
    public GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws GovernorException {
        return governor().add(name, capacity, expire, replicas);
    }

    @Override
    public List<String> list() throws GovernorException {
        return governor().list();
    }

    @Override
    public GovernorView view(String name) throws GovernorException {
        return governor().view(name);
    }

    @Override
    public String evict(String name, long sequence) throws GovernorException {
        return governor().evict(name, sequence);
    }

    @Override
    public int reset(String name) throws GovernorException {
        return governor().reset(name);
    }

    @Override
    public void remove(String name) throws GovernorException {
        governor().remove(name);
    }

    @Override
    public void announce(GovernorEvent event) {
        try {
            governor().announce(event);
        } catch (GovernorException e) {
            options.events().publish(event);
        }
    }

    @Override
    public synchronized void close() {
        if (governor != null) {
            governor.close();
            governor = null;
        }
    }
}

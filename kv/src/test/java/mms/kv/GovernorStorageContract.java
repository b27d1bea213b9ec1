package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mms.time.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour the governors of every {@link KeyValueStore} engine share; one subclass per engine,
 * each test on its own governor.
 */
public abstract class GovernorStorageContract {
    /** Quick retries so tests do not wait for the agents' FiveSec policy. */
    public static final Backoff FAST = new Backoff(Backoff.millis(20, 50), Backoff.Jitter.AROUND);

    private static int counter;
    protected KeyValueStore store;
    protected GovernorStorage governor;

    /** Opens the store under test. */
    protected abstract KeyValueStore openStore() throws Exception;

    /** A governor name unique in this JVM and store. */
    protected static synchronized String unique(String prefix) {
        return prefix + "_" + (++counter) + "_" + ProcessHandle.current().pid();
    }

    @BeforeEach
    void openGovernors() throws Exception {
        store = openStore();
        governor = store.governors();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static EnterOptions quick(Duration timeout) {
        return new EnterOptions(timeout, FAST, true);
    }

    @Test
    void addsListsViewsAndRemovesGovernors() throws Exception {
        String name = unique("life");
        GovernorInfo info = governor.add(name, 2, Duration.ofMinutes(1), 1);
        assertThat(info).isEqualTo(new GovernorInfo(name, 2, Duration.ofMinutes(1), 1, 0));
        assertThat(governor.list()).contains(name);
        GovernorView view = governor.view(name);
        assertThat(view.info()).isEqualTo(info);
        assertThat(view.holders()).isEmpty();

        assertThat(governor.add(name, 3, Duration.ofMinutes(2), 1)).isEqualTo(new GovernorInfo(name, 3, Duration.ofMinutes(2), 1, 0));

        governor.remove(name);
        assertThat(governor.list()).doesNotContain(name);
        assertThatThrownBy(() -> governor.view(name)).isInstanceOf(UnknownGovernor.class).hasMessage("unknown governor " + name);
    }

    @Test
    void rejectsBadConfigurationNamingTheValue() {
        assertThatThrownBy(() -> governor.add("a.b", 1, Duration.ofMinutes(1), 1))
                .hasMessageContaining("invalid governor name 'a.b'");
        assertThatThrownBy(() -> governor.add("g", 0, Duration.ofMinutes(1), 1))
                .hasMessage("governor g: capacity 0 is too small, minimum is 1");
        assertThatThrownBy(() -> governor.add("g", 1, Duration.ofMillis(10), 1))
                .hasMessage("governor g: expiry 10ms is too short, minimum is 1s");
    }

    @Test
    void enteringAnUnknownGovernorFailsAtOnce() {
        String name = unique("missing");
        Instant start = Instant.now();
        assertThatThrownBy(() -> governor.enter(name, "me", quick(Duration.ofMinutes(1))))
                .isInstanceOf(UnknownGovernor.class);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void admitsUpToCapacityAndTimesOutBeyond() throws Exception {
        String name = unique("cap");
        governor.add(name, 2, Duration.ofMinutes(1), 1);
        try (Slot a = governor.enter(name, "holder a", quick(Duration.ofSeconds(5)));
             Slot b = governor.enter(name, "holder b", quick(Duration.ofSeconds(5)))) {
            assertThat(a.sequence()).isNotEqualTo(b.sequence());
            assertThat(a.held()).isTrue();
            assertThatThrownBy(() -> governor.enter(name, "holder c", quick(Duration.ofMillis(300))))
                    .isInstanceOf(NoFreeSlot.class)
                    .hasMessageStartingWith("governor " + name + ": no slot became free within 300ms");
            GovernorView view = governor.view(name);
            assertThat(view.info().active()).isEqualTo(2);
            assertThat(view.holders()).extracting(Holder::name).containsExactly("holder a", "holder b");
            assertThat(view.holders()).extracting(Holder::sequence).containsExactly(a.sequence(), b.sequence());

            a.close();
            assertThat(a.held()).isFalse();
            try (Slot c = governor.enter(name, "holder c", quick(Duration.ofSeconds(5)))) {
                assertThat(governor.view(name).holders()).extracting(Holder::name).containsExactly("holder b", "holder c");
            }
        }
        assertThat(governor.view(name).holders()).isEmpty();
    }

    @Test
    void aWaitingHolderGetsTheSlotWhenItIsLeft() throws Exception {
        String name = unique("wait");
        governor.add(name, 1, Duration.ofMinutes(1), 1);
        Slot first = governor.enter(name, "first", quick(Duration.ofSeconds(5)));
        AtomicReference<Slot> second = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                second.set(governor.enter(name, "second", quick(Duration.ofSeconds(30))));
            } catch (KvException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        first.close();
        waiter.join(Duration.ofSeconds(30));
        assertThat(second.get()).isNotNull();
        assertThat(governor.view(name).holders()).extracting(Holder::name).containsExactly("second");
        second.get().close();
    }

    @Test
    void anInterruptedCampaignHoldsNothing() throws Exception {
        String name = unique("intr");
        governor.add(name, 1, Duration.ofMinutes(1), 1);
        try (Slot held = governor.enter(name, "held", quick(Duration.ofSeconds(5)))) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    governor.enter(name, "waiter", quick(Duration.ofMinutes(1)));
                    outcome.set(new AssertionError("entered a full governor"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            await().until(() -> waiter.getState() == Thread.State.TIMED_WAITING || waiter.getState() == Thread.State.WAITING);
            waiter.interrupt();
            waiter.join(Duration.ofSeconds(30));
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(governor.view(name).holders()).extracting(Holder::name).containsExactly("held");
        }
    }

    @Test
    void evictsAndResets() throws Exception {
        String name = unique("evict");
        governor.add(name, 3, Duration.ofMinutes(1), 1);
        Slot a = governor.enter(name, "Auto Agent  m#w @ node1", quick(Duration.ofSeconds(5)));
        Slot b = governor.enter(name, "b", quick(Duration.ofSeconds(5)));
        governor.enter(name, "c", quick(Duration.ofSeconds(5)));
        assertThat(governor.evict(name, a.sequence())).isEqualTo("Auto Agent  m#w @ node1");
        assertThatThrownBy(() -> governor.evict(name, a.sequence()))
                .hasMessage("governor " + name + " has no slot " + a.sequence());
        assertThat(governor.view(name).holders()).extracting(Holder::name).containsExactly("b", "c");
        a.close();
        assertThat(governor.reset(name)).isEqualTo(2);
        assertThat(governor.view(name).holders()).isEmpty();
        b.close();
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2})
    void aHeldSlotOutlivesTheExpiry(int capacity) throws Exception {
        String name = unique("alive");
        Duration expire = Duration.ofSeconds(1);
        governor.add(name, capacity, expire, 1);
        for (int i = 1; i < capacity; i++) {
            governor.enter(name, "filler" + i, quick(Duration.ofSeconds(5))).close();
        }
        long start = System.nanoTime();
        try (Slot slot = governor.enter(name, "long work", quick(Duration.ofSeconds(5)))) {
            // three expiries: without keep-alive the slot would be gone
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> System.nanoTime() - start > expire.multipliedBy(3).toNanos());
            assertThat(slot.held()).isTrue();
            // a refresh briefly shows the new copy beside the old one: look at one settled snapshot
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var holders = governor.view(name).holders();
                assertThat(holders).extracting(Holder::name).containsExactly("long work");
                assertThat(holders).extracting(Holder::sequence).containsExactly(slot.sequence());
            });
        }
        assertThat(governor.view(name).holders()).isEmpty();
    }

    @Test
    void aSlotThatIsNotLeftExpires() throws Exception {
        String name = unique("period");
        governor.add(name, 1, Duration.ofSeconds(1), 1);
        Slot slot = governor.enter(name, "once", new EnterOptions(Duration.ofSeconds(5), FAST, false));
        slot.close();
        assertThat(governor.view(name).holders()).extracting(Holder::name).containsExactly("once");
        await().atMost(Duration.ofSeconds(10)).until(() -> governor.view(name).holders().isEmpty());
    }

    @Test
    void aSlotHeldWhenItsStoreClosesIsNoLongerKeptAliveAndExpires() throws Exception {
        String name = unique("closed");
        governor.add(name, 1, Duration.ofSeconds(1), 1);
        try (KeyValueStore other = openStore()) {
            other.governors().enter(name, "left behind", quick(Duration.ofSeconds(5)));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> governor.view(name).holders().isEmpty());
    }

    @Test
    void refusesAnInvalidCollective() {
        assertThatThrownBy(() -> store.governors("a.b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("governor collective 'a.b' is not a valid subject token (letters, digits, _ and -)");
    }
}

package mms.kv.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import mms.kv.ConnectOptions;
import mms.kv.GovernorStorageContract;
import mms.kv.Holder;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JetStreamGovernorsTest extends GovernorStorageContract {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Override
    protected KeyValueStore openStore() throws Exception {
        return KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
    }

    @Test
    void usesChoriasStreamLayout() throws Exception {
        String name = unique("layout");
        governor.add(name, 4, Duration.ofMinutes(5), 1);
        try (Connection nc = Nats.connect(NATS.url())) {
            StreamConfiguration c = nc.jetStreamManagement().getStreamInfo("GOVERNOR_" + name).getConfiguration();
            assertThat(c.getSubjects()).containsExactly("choria.governor." + name);
            assertThat(c.getDescription()).isEqualTo("Concurrency Governor " + name);
            assertThat(c.getMaxMsgs()).isEqualTo(4);
            assertThat(c.getMaxAge()).isEqualTo(Duration.ofMinutes(5));
            assertThat(c.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
            assertThat(c.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
            assertThat(c.getStorageType()).isEqualTo(StorageType.File);
        }
    }

    @Test
    void seesAndEvictsHoldersThatChoriaPublished() throws Exception {
        String name = unique("compat");
        governor.add(name, 2, Duration.ofMinutes(5), 1);
        try (Connection nc = Nats.connect(NATS.url())) {
            // what a Choria agent does: a plain request with the holder text as body
            nc.request("choria.governor." + name, "Auto Agent  m#w @ go-node".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5));
        }
        List<Holder> holders = governor.view(name).holders();
        assertThat(holders).extracting(Holder::name).containsExactly("Auto Agent  m#w @ go-node");
        assertThat(governor.evict(name, holders.getFirst().sequence())).isEqualTo("Auto Agent  m#w @ go-node");
        assertThat(governor.list()).contains(name);
    }

    @Test
    void undoRemovesASlotWhoseAcknowledgementWasLost() throws Exception {
        String name = unique("orphan");
        governor.add(name, 2, Duration.ofMinutes(5), 1);
        String campaign = "campaign-1";
        try (Connection nc = Nats.connect(NATS.url())) {
            // the server stored the try but the campaign never saw the acknowledgement
            nc.jetStream().publish("choria.governor." + name, "ghost".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId(campaign).build());
        }
        assertThat(governor.view(name).holders()).extracting(Holder::name).containsExactly("ghost");
        ((JetStreamGovernors) governor).undo(name, "choria.governor." + name, "ghost", campaign, Duration.ofMinutes(5));
        assertThat(governor.view(name).holders()).isEmpty();
    }

    @Test
    void undoStoresNothingWhenTheTryWasNotStored() throws Exception {
        String name = unique("noorphan");
        governor.add(name, 2, Duration.ofMinutes(5), 1);
        ((JetStreamGovernors) governor).undo(name, "choria.governor." + name, "x", "never-published", Duration.ofMinutes(5));
        assertThat(governor.view(name).holders()).isEmpty();
        assertThat(governor.view(name).info().active()).isZero();
    }

    @Test
    void anotherCollectiveListsAndPublishesOnItsOwnSubjects() throws Exception {
        String name = unique("collective");
        store.governors("acme").add(name, 1, Duration.ofMinutes(1), 1);
        assertThat(store.governors("acme").list()).contains(name);
        assertThat(governor.list()).doesNotContain(name);
        try (Connection nc = Nats.connect(NATS.url())) {
            assertThat(nc.jetStreamManagement().getStreamInfo("GOVERNOR_" + name).getConfiguration().getSubjects())
                    .containsExactly("acme.governor." + name);
        }
        store.governors("acme").remove(name);
    }

    @Test
    void publishesMessagesOnTheStoresConnection() throws Exception {
        try (Connection nc = Nats.connect(NATS.url())) {
            var sub = nc.subscribe("choria.lifecycle.event.governor.test");
            nc.flush(Duration.ofSeconds(5));
            store.messages().orElseThrow().publish("choria.lifecycle.event.governor.test", "{}".getBytes(StandardCharsets.UTF_8));
            var message = sub.nextMessage(Duration.ofSeconds(10));
            assertThat(message).isNotNull();
            assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("{}");
        }
    }
}

package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import mms.json.Json;

/**
 * A node moved on in the rollout of a new version of a supervised entry
 * ({@code io.mms.machine.rollout.v1.transition}, an mms event the original does not have): it
 * started installing it, found it healthy, reverted it, halted, … Emitted by the machine whose
 * machines watcher supervises the entry (the manager), on subject {@value #SUBJECT}.
 *
 * <pre>{@code
 * {"protocol":"io.mms.machine.rollout.v1.transition","identity":"web1","id":"…","version":"0.1.0",
 *  "timestamp":1795514400,"machine":"mms_manager","entry":"app","checksum":"f11e…","wave":1,
 *  "from_state":"verifying","to_state":"reverted","reason":"app did not reach RUNNING within 2m0s"}
 * }</pre>
 *
 * @param identity  node identity
 * @param id        the manager machine's instance id
 * @param version   the manager machine's version
 * @param timestamp Unix seconds
 * @param machine   the manager machine's name
 * @param entry     the entry (machine) being rolled out
 * @param checksum  the archive checksum of the version being rolled out
 * @param wave      the node's wave, from 1; absent without a rollout plan or while unknown
 * @param fromState the previous rollout state's wire name ({@code waiting}, …); empty for the first
 * @param toState   the new one
 * @param reason    why, when the new state has a reason
 */
public record RolloutTransition(String identity, String id, String version, long timestamp, String machine,
                                String entry, String checksum, OptionalInt wave, String fromState, String toState,
                                Optional<String> reason) implements MachineEvent {

    /** The protocol and CloudEvent type. */
    public static final String PROTOCOL = "io.mms.machine.rollout.v1.transition";
    /** The NATS subject. */
    public static final String SUBJECT = "choria.machine.rollout.transition";

    /** Rejects nulls. */
    public RolloutTransition {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(wave, "wave");
        Objects.requireNonNull(fromState, "fromState");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(reason, "reason");
    }

    /** Reads the data {@link #data()} writes. @throws EventFormatException naming a missing or wrong member */
    static RolloutTransition read(EventData d) throws EventFormatException {
        ObjectNode json = d.json();
        OptionalInt wave = json.has("wave") ? OptionalInt.of((int) d.integer("wave")) : OptionalInt.empty();
        Optional<String> reason = json.has("reason") ? Optional.of(d.string("reason")) : Optional.empty();
        return new RolloutTransition(d.string("identity"), d.string("id"), d.string("version"), d.integer("timestamp"),
                d.string("machine"), d.string("entry"), d.string("checksum"), wave, d.string("from_state", ""),
                d.string("to_state"), reason);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String subject() {
        return SUBJECT;
    }

    @Override
    public ObjectNode data() {
        ObjectNode data = Json.object();
        data.put("protocol", PROTOCOL);
        data.put("identity", identity);
        data.put("id", id);
        data.put("version", version);
        data.put("timestamp", timestamp);
        data.put("machine", machine);
        data.put("entry", entry);
        data.put("checksum", checksum);
        wave.ifPresent(w -> data.put("wave", w));
        data.put("from_state", fromState);
        data.put("to_state", toState);
        reason.ifPresent(r -> data.put("reason", r));
        return data;
    }

    /** {@code web1 mms_manager rollout of app f11ea2005de9 (wave 1): verifying => reverted: app did not …}. */
    @Override
    public String text() {
        return identity + " " + describe();
    }

    /** The text without the identity: {@code mms_manager rollout of app f11ea2005de9 (wave 1): …}. */
    public String describe() {
        return machine + " rollout of " + entry + " " + checksum.substring(0, Math.min(12, checksum.length()))
                + (wave.isPresent() ? " (wave " + wave.getAsInt() + ")" : "") + ": "
                + (fromState.isEmpty() ? "" : fromState + " => ") + toState + reason.map(r -> ": " + r).orElse("");
    }
}

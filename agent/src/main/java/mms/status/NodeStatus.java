package mms.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import mms.duration.GoDuration;
import mms.json.Json;
import mms.watcher.RolloutReport;
import mms.watcher.RolloutState;

/**
 * One node's status record: what its agent runs and what it did with the last specification it
 * saw. Every agent keeps exactly one, under its identity ({@link #key(String)}) in the status
 * bucket ({@value #BUCKET}), rewritten when something changes and on a heartbeat; {@code mms fleet
 * status} and the fleet dashboard read them all. A node whose record is older than
 * {@link #staleAfter()} is stale; one whose agent stopped cleanly says so ({@code stopped}).
 *
 * <p>The JSON form ({@link #toJson()}, {@link #parse}) is the wire format: members in the order
 * below, times as RFC 3339 UTC, durations in Go notation, absent values omitted. Readers ignore
 * members they do not know, so later versions can add some.
 *
 * <p>A record stays small: errors and reasons are cut to {@value #MAX_TEXT} characters and at most
 * {@value #MAX_MACHINES} machines are listed (those with an error first); {@code machines_omitted}
 * counts the rest. A managed machine's manager {@code mm_<name>} is not listed on its own: its
 * archive checksum, outcome and state are members of the entry of {@code <name>}, which is listed
 * even while it is not running (no {@code version} or {@code state} then: not installed yet, or its
 * install failed).
 *
 * <pre>{@code
 * {"protocol":"io.mms.node.v1.status","identity":"web1","version":"0.1.0",
 *  "started":"2026-12-04T10:00:00Z","updated":"2026-12-04T10:05:00Z","heartbeat":"1m0s",
 *  "specification":{"bucket":"MACHINES","key":"machines","digest":"9f86…","signer":"6403…",
 *                   "seen":"2026-12-04T10:04:58Z","outcome":"applied","applied_digest":"9f86…"},
 *  "machines":[{"name":"web","version":"1.2.0","state":"RUNNING","checksum":"f11e…",
 *               "archive":"verified","manager_state":"MANAGE"}]}
 * }</pre>
 *
 * <p>A node whose manager has not decided about a specification yet (it has not read one) has
 * only {@code bucket} and {@code key} in {@code specification}.
 *
 * <p>A machine whose entry is supervised (it has a {@code health} check or a {@code rollout} plan)
 * also says where the node is in the rollout of the entry's version ({@link RolloutReport}):
 * <pre>{@code
 *  {"name":"web","checksum":"f11e…",…,"rollout":{"checksum":"f11e…","wave":2,"state":"waiting",
 *   "reason":"waiting for wave 1: 0 of 1 nodes done (web3: verifying)","since":"2026-12-04T10:05:00Z"}}
 * }</pre>
 * {@code checksum} is the version being rolled out (the machine's own {@code checksum} is what its
 * manager installs, the previous version while the node waits or after it reverted); {@code wave}
 * counts from 1 and is absent without a plan; {@code state} is one of {@code waiting},
 * {@code paused}, {@code halted}, {@code installing}, {@code verifying}, {@code healthy},
 * {@code reverted} (the new version failed its health check and the previous one runs again) and
 * {@code failed} (it failed with no previous version to go back to), see {@link RolloutState};
 * {@code reason} says why the node waits, halted, reverted or failed; {@code since} is when it
 * entered that state.
 *
 * <p>The last record of an agent that stopped cleanly has {@code "stopped":true} after
 * {@code heartbeat}; it is written once, before the machines stop, and lists them as they ran.
 *
 * @param identity      the node's identity, also the record's key
 * @param version       the agent's version
 * @param started       when the agent started
 * @param updated       when this record was written
 * @param heartbeat     how often the agent rewrites it at the latest
 * @param specification the specification the node's manager follows and its last decision; empty
 *                      when the node runs no manager
 * @param stopped       whether this is the last record of an agent that stopped cleanly
 * @param specification the specification the node's manager follows and its last decision; empty
 *                      when the node runs no manager
 * @param machines      every machine the agent runs, managed or not, sorted by name, at most
 *                      {@value #MAX_MACHINES}
 * @param machinesOmitted how many machines were left out to keep the record small, usually 0
 */
public record NodeStatus(String identity, String version, Instant started, Instant updated, Duration heartbeat,
                         boolean stopped, Optional<SpecificationStatus> specification, List<MachineStatus> machines,
                         int machinesOmitted) {

    /** The bucket of the status records. */
    public static final String BUCKET = "MMS_STATUS";
    /** The {@code protocol} member of this version of the record. */
    public static final String PROTOCOL = "io.mms.node.v1.status";
    /** How many missed heartbeats make a node stale. */
    public static final int STALE_AFTER_HEARTBEATS = 3;
    /** The longest text kept of an error or a rejection reason, so one record stays small. */
    public static final int MAX_TEXT = 1024;
    /** The most machines one record lists. */
    public static final int MAX_MACHINES = 256;

    /** Rejects nulls and copies the list. */
    public NodeStatus {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(specification, "specification");
        machines = List.copyOf(machines);
        if (machinesOmitted < 0) {
            throw new IllegalArgumentException("machinesOmitted must not be negative, got " + machinesOmitted);
        }
    }

    /** This record as written at {@code when}: only {@code updated} differs. */
    public NodeStatus withUpdated(Instant when) {
        return new NodeStatus(identity, version, started, when, heartbeat, stopped, specification, machines,
                machinesOmitted);
    }

    /** This record as the last one of an agent that stops. */
    public NodeStatus asStopped() {
        return new NodeStatus(identity, version, started, updated, heartbeat, true, specification, machines,
                machinesOmitted);
    }

    /**
     * The key of a node's record: its identity when that is a valid key ({@code A-Z a-z 0-9 - / _ .},
     * dots not first, last or doubled, as host names are), else the identity with each UTF-8 byte
     * that cannot stand there written {@code =XX} (uppercase hex). {@code =} itself is always
     * written {@code =3D}, so the mapping is reversible ({@link #identity(String)}) and two
     * identities never share a key: {@code web 1} is {@code web=201}, {@code .hidden} is
     * {@code =2Ehidden}.
     *
     * @param identity the node's identity, not empty
     * @throws IllegalArgumentException when it is empty
     */
    public static String key(String identity) {
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("an identity cannot be empty");
        }
        byte[] bytes = identity.getBytes(StandardCharsets.UTF_8);
        StringBuilder key = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = b < 0x80 && (Character.isLetterOrDigit(b) || b == '-' || b == '/' || b == '_'
                    || b == '.' && i > 0 && i < bytes.length - 1 && bytes[i - 1] != '.');
            if (plain) {
                key.append((char) b);
            } else {
                key.append('=').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xf));
            }
        }
        return key.toString();
    }

    /**
     * The identity a record's key stands for; the inverse of {@link #key(String)}.
     *
     * @param key a record's key, not null
     * @throws IllegalArgumentException when {@code =} is not followed by two uppercase hex digits
     *     or the bytes are not UTF-8
     */
    public static String identity(String key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '=') {
                bytes.write(c);
                continue;
            }
            int high = i + 2 < key.length() ? HEX.indexOf(key.charAt(i + 1)) : -1;
            int low = high >= 0 ? HEX.indexOf(key.charAt(i + 2)) : -1;
            if (low < 0) {
                throw new IllegalArgumentException("status key '" + key + "': '=' at " + i
                        + " is not followed by two uppercase hex digits");
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("status key '" + key + "' does not decode to UTF-8 text", e);
        }
    }

    /** How old the record may be before the node counts as stale: {@value #STALE_AFTER_HEARTBEATS} heartbeats. */
    public Duration staleAfter() {
        return heartbeat.multipliedBy(STALE_AFTER_HEARTBEATS);
    }

    /** Whether the node missed too many heartbeats by {@code now}. */
    public boolean staleAt(Instant now) {
        return updated.plus(staleAfter()).isBefore(now);
    }

    /** What a node did with a specification. */
    public enum Outcome {
        /** Trusted and valid: the node reconciled its machines with it. */
        APPLIED,
        /** Refused (untrusted, unreadable, invalid): nothing changed, the node runs what it ran. */
        REJECTED,
        /**
         * Trusted and valid, but applying it failed part way (a manager could not be written, a
         * machine could not be purged); the node tries again at its next check.
         */
        FAILED;

        /** The wire name, lowercase. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The specification a node's manager follows, and what it last decided about it.
     *
     * @param bucket   the bucket it comes from (the bucket of the manager's kv watcher for its data
     *                 item; empty when the manager has none)
     * @param key      the key it comes from (the manager's data item)
     * @param decision what the manager did with the last specification it saw; empty until it
     *                 decided about one (it has not read one yet)
     */
    public record SpecificationStatus(String bucket, String key, Optional<Decision> decision) {

        /** Rejects nulls. */
        public SpecificationStatus {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(decision, "decision");
        }

        /** The digest of the specification the node runs now, if it applied one. */
        public Optional<String> appliedDigest() {
            return decision.flatMap(Decision::appliedDigest);
        }
    }

    /**
     * What a node's manager did with the last specification it saw.
     *
     * @param digest        lowercase hex SHA-256 of the envelope in compact JSON
     *                      ({@code mms.spec.SpecificationDigest}), which identifies it fleet-wide
     * @param signer        the hex public key that verified it; empty when it was not verified
     * @param seen          when the node first decided so about it
     * @param outcome       what the node did
     * @param reason        why it was rejected or failed; when applied, the entries the node skipped (if any)
     * @param appliedDigest the digest of the specification the node runs now (the last it applied),
     *                      empty before it applied one
     */
    public record Decision(String digest, Optional<String> signer, Instant seen, Outcome outcome,
                           Optional<String> reason, Optional<String> appliedDigest) {

        /** Rejects nulls; cuts the reason to {@value NodeStatus#MAX_TEXT} characters. */
        public Decision {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(seen, "seen");
            Objects.requireNonNull(outcome, "outcome");
            reason = reason.map(NodeStatus::cut);
            Objects.requireNonNull(appliedDigest, "appliedDigest");
        }
    }

    /**
     * One machine the agent runs, or a managed machine it should run.
     *
     * @param name         machine name
     * @param version      machine version; empty while a managed machine is not running
     * @param state        current state; empty while a managed machine is not running
     * @param checksum     for a managed machine, the archive checksum its manager installs (or, before
     *                     the manager runs, the one the specification asks for); lowercase hex
     * @param archive      for a managed machine, its manager's last archive outcome ({@code verified},
     *                     {@code downloaded}, {@code error}, …)
     * @param managerState for a managed machine, its manager's state ({@code MANAGE}, {@code MAINTENANCE})
     * @param error        why its manager's last archive check failed, when it did; else the last
     *                     unexpected failure of one of its (or its manager's) watchers
     * @param errorTime    when that failure happened
     * @param rollout      for a supervised entry, where the node is in the rollout of its version; its
     *                     reason is cut to {@value NodeStatus#MAX_TEXT} characters
     */
    public record MachineStatus(String name, Optional<String> version, Optional<String> state, Optional<String> checksum,
                                Optional<String> archive, Optional<String> managerState, Optional<String> error,
                                Optional<Instant> errorTime, Optional<RolloutReport> rollout) {

        /** Rejects nulls; cuts the error and the rollout's reason to {@value NodeStatus#MAX_TEXT} characters. */
        public MachineStatus {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(managerState, "managerState");
            error = error.map(NodeStatus::cut);
            Objects.requireNonNull(errorTime, "errorTime");
            rollout = rollout.map(r -> new RolloutReport(r.checksum(), r.wave(), r.state(), r.reason().map(NodeStatus::cut),
                    r.since()));
        }

        /** A machine that is not being rolled out. */
        public MachineStatus(String name, Optional<String> version, Optional<String> state, Optional<String> checksum,
                             Optional<String> archive, Optional<String> managerState, Optional<String> error,
                             Optional<Instant> errorTime) {
            this(name, version, state, checksum, archive, managerState, error, errorTime, Optional.empty());
        }

        /** Puts this entry's members into {@code machine}, as a record lists them; absent ones are left out. */
        void writeTo(ObjectNode machine) {
            machine.put("name", name);
            version.ifPresent(v -> machine.put("version", v));
            state.ifPresent(v -> machine.put("state", v));
            checksum.ifPresent(v -> machine.put("checksum", v));
            archive.ifPresent(v -> machine.put("archive", v));
            managerState.ifPresent(v -> machine.put("manager_state", v));
            error.ifPresent(v -> machine.put("error", v));
            errorTime.ifPresent(v -> machine.put("error_time", v.toString()));
            rollout.ifPresent(r -> {
                ObjectNode report = machine.putObject("rollout");
                report.put("checksum", r.checksum());
                r.wave().ifPresent(w -> report.put("wave", w));
                report.put("state", r.state().wireName());
                r.reason().ifPresent(v -> report.put("reason", v));
                report.put("since", r.since().toString());
            });
        }
    }

    /** The record as compact JSON; see the class documentation. */
    public String toJson() {
        ObjectNode root = Json.object();
        root.put("protocol", PROTOCOL);
        root.put("identity", identity);
        root.put("version", version);
        root.put("started", started.toString());
        root.put("updated", updated.toString());
        root.put("heartbeat", GoDuration.format(heartbeat));
        if (stopped) {
            root.put("stopped", true);
        }
        specification.ifPresent(s -> {
            ObjectNode spec = root.putObject("specification");
            spec.put("bucket", s.bucket());
            spec.put("key", s.key());
            s.decision().ifPresent(d -> {
                spec.put("digest", d.digest());
                d.signer().ifPresent(v -> spec.put("signer", v));
                spec.put("seen", d.seen().toString());
                spec.put("outcome", d.outcome().wireName());
                d.reason().ifPresent(v -> spec.put("reason", v));
                d.appliedDigest().ifPresent(v -> spec.put("applied_digest", v));
            });
        });
        ArrayNode list = root.putArray("machines");
        machines.forEach(m -> m.writeTo(list.addObject()));
        if (machinesOmitted > 0) {
            root.put("machines_omitted", machinesOmitted);
        }
        return Json.write(root);
    }

    /**
     * Reads a record.
     *
     * @param json the record's JSON, not null
     * @throws IOException when it is not JSON, not a record of this protocol, or a member is
     *     missing or malformed; the message names the member
     */
    public static NodeStatus parse(byte[] json) throws IOException {
        JsonNode root = Json.mapper().readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("not a node status record: expected a json object");
        }
        String protocol = text(root, "protocol");
        if (!protocol.equals(PROTOCOL)) {
            throw new IOException("not a node status record: protocol '" + protocol + "', expected " + PROTOCOL);
        }
        Optional<SpecificationStatus> specification = Optional.empty();
        JsonNode spec = root.path("specification");
        if (spec.isObject()) {
            Optional<Decision> decision = Optional.empty();
            if (spec.has("digest")) {
                decision = Optional.of(new Decision(text(spec, "digest"), optional(spec, "signer"), time(spec, "seen"),
                        outcome(spec), optional(spec, "reason"), optional(spec, "applied_digest")));
            }
            specification = Optional.of(new SpecificationStatus(text(spec, "bucket"), text(spec, "key"), decision));
        }
        List<MachineStatus> machines = new ArrayList<>();
        for (JsonNode m : root.path("machines")) {
            machines.add(new MachineStatus(text(m, "name"), optional(m, "version"), optional(m, "state"),
                    optional(m, "checksum"), optional(m, "archive"), optional(m, "manager_state"), optional(m, "error"),
                    m.has("error_time") ? Optional.of(time(m, "error_time")) : Optional.empty(), rollout(m)));
        }
        Duration heartbeat;
        try {
            heartbeat = GoDuration.parse(text(root, "heartbeat"));
        } catch (RuntimeException | mms.duration.DurationFormatException e) {
            throw new IOException("node status member 'heartbeat': " + e.getMessage(), e);
        }
        return new NodeStatus(text(root, "identity"), text(root, "version"), time(root, "started"),
                time(root, "updated"), heartbeat, root.path("stopped").asBoolean(false), specification, machines,
                Math.max(0, root.path("machines_omitted").asInt(0)));
    }

    private static Optional<RolloutReport> rollout(JsonNode machine) throws IOException {
        JsonNode r = machine.get("rollout");
        if (r == null || !r.isObject()) {
            return Optional.empty();
        }
        String state = text(r, "state");
        RolloutState known = RolloutState.of(state)
                .orElseThrow(() -> new IOException("node status member 'rollout.state': unknown value '" + state + "'"));
        JsonNode wave = r.get("wave");
        if (wave != null && !(wave.canConvertToInt() && wave.isIntegralNumber() && wave.intValue() >= 1)) {
            throw new IOException("node status member 'rollout.wave' is not a wave number: " + wave);
        }
        return Optional.of(new RolloutReport(text(r, "checksum"), wave == null ? OptionalInt.empty()
                : OptionalInt.of(wave.intValue()), known, optional(r, "reason"), time(r, "since")));
    }

    private static Outcome outcome(JsonNode spec) throws IOException {
        String value = text(spec, "outcome");
        for (Outcome o : Outcome.values()) {
            if (o.wireName().equals(value)) {
                return o;
            }
        }
        throw new IOException("node status member 'outcome': unknown value '" + value + "'");
    }

    private static String text(JsonNode node, String member) throws IOException {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual()) {
            throw new IOException("node status member '" + member + "' is missing or not a string");
        }
        return value.textValue();
    }

    private static Optional<String> optional(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static Instant time(JsonNode node, String member) throws IOException {
        try {
            return Instant.parse(text(node, member));
        } catch (DateTimeParseException e) {
            throw new IOException("node status member '" + member + "' is not an RFC 3339 time: " + e.getMessage(), e);
        }
    }

    private static final String HEX = "0123456789ABCDEF";

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}

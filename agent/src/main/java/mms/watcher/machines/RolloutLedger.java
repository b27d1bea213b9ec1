package mms.watcher.machines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import mms.json.Json;
import mms.json.JsonStateFile;
import mms.watcher.RolloutState;

/**
 * What a node remembers about the rollouts of its supervised entries, so that no restart makes it
 * forget a version it reverted, the deadline of one it verifies, or the manager it must go back to:
 * one file, {@value #FILE_NAME}, in the directory of the machine running the machines watcher
 * (beside its {@code specification_state.json}), mode 0600, replaced whole (temporary file, fsync,
 * rename, fsync of the directory) before the node acts on a change.
 *
 * <pre>{@code
 * {"protocol":"io.mms.rollout.state.v1",
 *  "entries":{"app":{"fingerprint":"…","checksum":"f11e…","state":"verifying","since":"…","wave":1,
 *                    "installing_since":"…","previous":"<the manager's machine.yaml before the install>"}}}
 * }</pre>
 *
 * A file that cannot be read makes the watcher leave every supervised entry's manager as it is
 * (it would otherwise retry a version it reverted, or take one it was verifying for healthy);
 * removing it starts every rollout over.
 */
final class RolloutLedger {
    /** The file's name. */
    static final String FILE_NAME = "rollout_state.json";
    /** The {@code protocol} member of this version of the file. */
    static final String PROTOCOL = "io.mms.rollout.state.v1";
    private static final long MAX_LENGTH = 64L * 1024 * 1024;

    private final Path file;
    private final JsonStateFile state;

    RolloutLedger(Path directory) {
        this.file = directory.resolve(FILE_NAME);
        this.state = new JsonStateFile(file, PROTOCOL, MAX_LENGTH, "rollout state file", "it holds the versions"
                + " this node reverted and the ones it verifies; repair or remove it (removing it starts every rollout"
                + " over)");
    }

    Path file() {
        return file;
    }

    /**
     * Where a node is with one entry.
     *
     * @param fingerprint     what identifies this rollout: the checksum, the health check and the plan
     *                        without {@code paused} ({@link Rollouts#fingerprint}); a new one starts over
     * @param checksum        the checksum being rolled out
     * @param state           where the node is
     * @param reason          why, for the states that have one
     * @param since           when it entered the state
     * @param wave            its wave, once known
     * @param installingSince when it started installing (the health deadline counts from it)
     * @param previous        the manager's {@code machine.yaml} before the install: what a revert writes back
     */
    record Track(String fingerprint, String checksum, RolloutState state, Optional<String> reason, Instant since,
                 OptionalInt wave, Optional<Instant> installingSince, Optional<String> previous) {

        Track {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(wave, "wave");
            Objects.requireNonNull(installingSince, "installingSince");
            Objects.requireNonNull(previous, "previous");
        }

        /** This track in {@code next} since {@code now}, for {@code why}. */
        Track moved(RolloutState next, Optional<String> why, Instant now) {
            return new Track(fingerprint, checksum, next, why, now, wave, installingSince, previous);
        }

        Track withReason(Optional<String> why) {
            return new Track(fingerprint, checksum, state, why, since, wave, installingSince, previous);
        }

        Track withWave(Optional<Integer> number) {
            return number.isEmpty() ? this : new Track(fingerprint, checksum, state, reason, since,
                    OptionalInt.of(number.get()), installingSince, previous);
        }

        Track installing(Instant now, Optional<String> before) {
            return new Track(fingerprint, checksum, RolloutState.INSTALLING, Optional.empty(), now, wave,
                    Optional.of(now), before);
        }
    }

    /**
     * Every track, by entry name.
     *
     * @throws IOException when the file exists but cannot be read or is not a rollout state file;
     *     the message names it
     */
    Map<String, Track> read() throws IOException {
        Optional<ObjectNode> read = state.read();
        if (read.isEmpty()) {
            return Map.of();
        }
        JsonNode root = read.get();
        Map<String, Track> tracks = new TreeMap<>();
        for (var e : root.path("entries").properties()) {
            JsonNode t = e.getValue();
            try {
                String state = text(t, "state");
                tracks.put(e.getKey(), new Track(text(t, "fingerprint"), text(t, "checksum"),
                        RolloutState.of(state).orElseThrow(() -> new IllegalArgumentException("unknown state " + state)),
                        optional(t, "reason"), Instant.parse(text(t, "since")),
                        t.has("wave") ? OptionalInt.of(t.get("wave").intValue()) : OptionalInt.empty(),
                        optional(t, "installing_since").map(Instant::parse), optional(t, "previous")));
            } catch (RuntimeException ex) {
                throw corrupt("entries." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return Collections.unmodifiableMap(tracks);
    }

    /**
     * Replaces the file with {@code tracks}, durably.
     *
     * @throws IOException when it cannot be written; the previous file is kept
     */
    void write(Map<String, Track> tracks) throws IOException {
        ObjectNode root = Json.object();
        ObjectNode entries = root.putObject("entries");
        new TreeMap<>(tracks).forEach((name, t) -> {
            ObjectNode e = entries.putObject(name);
            e.put("fingerprint", t.fingerprint());
            e.put("checksum", t.checksum());
            e.put("state", t.state().wireName());
            t.reason().ifPresent(r -> e.put("reason", r));
            e.put("since", t.since().toString());
            t.wave().ifPresent(w -> e.put("wave", w));
            t.installingSince().ifPresent(i -> e.put("installing_since", i.toString()));
            t.previous().ifPresent(p -> e.put("previous", p));
        });
        state.write(root);
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(member + " is missing or not a string");
        }
        return value.textValue();
    }

    private static Optional<String> optional(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private IOException corrupt(String problem, Throwable cause) {
        return state.unusable(problem, cause);
    }
}

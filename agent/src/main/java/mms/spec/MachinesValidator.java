package mms.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;
import mms.archive.source.ArchiveSources;
import mms.json.Json;
import mms.json.JsonBounds;
import mms.spec.match.Matcher;
import mms.spec.match.MatcherException;

/**
 * Checks a {@code machines.json} document before it is signed ({@code mms pack}) and when a node
 * receives it. Stricter than the original, which only requires non-empty {@code name},
 * {@code source}, {@code checksum} and {@code verify_checksum} and so lets a bad entry through to
 * every node (see watchers.md §16 item 5). All problems are collected, each naming the entry by
 * index and name and the member concerned.
 *
 * <p>Rules:
 * <ul>
 *   <li>The document is a JSON array of objects; {@code null} and {@code []} are accepted with a
 *       warning (with {@code purge_unknown} they remove every managed machine). It is at most
 *       {@link #MAX_BYTES} bytes, nests at most {@link #MAX_DEPTH} levels and lists at most
 *       {@link #MAX_ENTRIES} entries; these are checked by streaming, before a tree is built.</li>
 *   <li>Member names match case-insensitively like the original's decoder (warning unless
 *       lowercase). An unknown member is an error (the original ignores it, so a misspelled
 *       {@code matches} deploys the machine on every node), except {@code verify} with the value
 *       {@code SHA256SUMS}, which the original's README shows and which is always implied.
 *       Values must be strings, but for {@code health} and {@code rollout} ({@code null} counts as absent).</li>
 *   <li>{@code name}: required; 1 to 64 characters from {@code [A-Za-z0-9_.-]}, starting with a
 *       letter or digit, without {@code ..}. This keeps names inside the machines directory, out of
 *       YAML quoting trouble in the generated manager, and extractable (the archive watcher refuses
 *       tar entries containing {@code ..}). Names must be unique; names differing only in case get a
 *       warning (they collide on case-insensitive file systems). Names that collide with the
 *       agent's own directories are refused: beginning with {@code mm_} (the managers of other
 *       machines), beginning with {@code mms_} (the agent's built-in machines such as
 *       {@code mms_manager}), {@code tmp} and names ending in {@code -temp} (directories the host
 *       ignores).</li>
 *   <li>{@code checksum}, {@code verify_checksum}: required, exactly 64 lowercase hex characters
 *       (the archive watcher never matches uppercase digests).</li>
 *   <li>{@code source}: required; without templates ({@code {{}) it must be an absolute
 *       {@code http}/{@code https} URL (other schemes get a warning).</li>
 *   <li>{@code source}, {@code username}, {@code password}, {@code governor}: no {@code "},
 *       {@code \} or control characters, because the original inserts them verbatim into
 *       double-quoted YAML.</li>
 *   <li>{@code match}: must compile as a machines matcher ({@link Matcher#compile(String)}).</li>
 *   <li>{@code health} and {@code rollout} (mms additions, which the original ignores): objects read
 *       by {@link HealthCheck} and {@link RolloutPlan}, whose members are exact (an unknown or
 *       misspelled one is an error naming it, as {@code rollout.wave}), with durations in Go
 *       syntax within their bounds and wave sizes that grow to {@code "100%"}.</li>
 * </ul>
 *
 * <p><b>Which problems stop a node.</b> Signing tools refuse every problem. A node refuses the
 * whole specification only for a problem of the document itself: not JSON (duplicate members
 * included, which other readers resolve differently, so nobody knows what was signed), not a
 * list, or over the size, depth or entry bounds. Those leave no entry that can be read with
 * confidence, and the bounds protect the node before it reads anything. Every other problem
 * belongs to one entry (an element that is no object, a missing or refused name, a checksum
 * that is no digest, such as a template the original's nodes would render, an unknown member,
 * a bad governor, a matcher this version cannot compile, a bad health check or rollout plan):
 * the node skips that entry, leaving its machine exactly as it is, and applies the others, so
 * that one entry written for other nodes or for the original cannot stop a fleet. A name used
 * by several entries makes every one of them skipped, since which one was meant is unknown.
 * See {@link MachinesValidation#applicable()} and {@link MachinesValidation#skipped()}.
 */
public final class MachinesValidator {

    /** The documented name rule; see the class documentation. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The largest {@code machines.json}: 6 MiB, whose base64 fills {@link Specification#MAX_ENVELOPE_LENGTH}. */
    public static final int MAX_BYTES = 6 * 1024 * 1024;
    /** How many entries a specification may list. */
    public static final int MAX_ENTRIES = 10_000;
    /** How deeply {@code machines.json} may nest; a real one is an array of flat objects (2 levels). */
    public static final int MAX_DEPTH = 32;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String DUPLICATE = "duplicate name, also used by machine ";
    private static final List<String> FIELDS = List.of("name", "source", "username", "password", "verify_checksum",
            "checksum", "match", "governor", "health", "rollout");
    /** The members whose value is an object (mms's additions); the others are strings. */
    private static final List<String> OBJECT_FIELDS = List.of("health", "rollout");

    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    private MachinesValidator() {}

    /**
     * Validates raw {@code machines.json} bytes (UTF-8).
     *
     * @param json the document, not null
     * @return never null
     */
    public static MachinesValidation validate(byte[] json) {
        Objects.requireNonNull(json, "json");
        return new MachinesValidator().run(json);
    }

    private MachinesValidation run(byte[] json) {
        if (json.length > MAX_BYTES) {
            errors.add(document("the specification is " + json.length + " bytes, the limit is " + MAX_BYTES
                    + " (6 MiB, so that its signed envelope stays within 8 MiB)"));
            return result(List.of());
        }
        String text = new String(json, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            try (JsonParser shape = Json.mapper().createParser(text)) {
                JsonBounds.check(shape, MAX_DEPTH, MAX_ENTRIES);
            }
            root = Json.mapper().reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(text);
        } catch (JsonBounds.JsonBoundsException e) {
            errors.add(document("the specification " + e.getMessage() + ", the limit for specifications"));
            return result(List.of());
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + " column " + location.getColumnNr();
            errors.add(document("not valid json" + where + ": " + Excerpt.line(lower(e.getOriginalMessage()))));
            return result(List.of());
        } catch (IOException e) {
            errors.add(document("cannot be read: " + Excerpt.line(e.getMessage())));
            return result(List.of());
        }
        if (root == null || root.isMissingNode()) {
            errors.add(document("empty document, expected a json array of machines"));
            return result(List.of());
        }
        if (root.isNull()) {
            warnings.add(document("specification is null, read as an empty list: nodes with purge_unknown remove every managed machine"));
            return result(List.of());
        }
        if (!root.isArray()) {
            errors.add(document("expected a json array of machines, got " + Specification.kind(root)));
            return result(List.of());
        }
        if (root.isEmpty()) {
            warnings.add(document("specification lists no machines: nodes with purge_unknown remove every managed machine"));
        }
        Map<Integer, ManagedMachine> machines = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> seenFolded = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            if (!entry.isObject()) {
                errors.add(new Problem(OptionalInt.of(i), Optional.empty(), Optional.empty(),
                        "expected a json object, got " + Specification.kind(entry)));
                continue;
            }
            ManagedMachine machine = entry(i, entry);
            machines.put(i, machine);
            String name = machine.name();
            if (!name.isEmpty()) {
                Integer first = seen.putIfAbsent(name, i);
                Integer firstFolded = seenFolded.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                if (first != null) {
                    // every entry of the name is unusable, the first too: which one the operator meant is unknown
                    if (errors.stream().noneMatch(p -> p.index().equals(OptionalInt.of(first)) && p.message().startsWith(DUPLICATE))) {
                        errors.add(at(first, name, "name", DUPLICATE + i));
                    }
                    errors.add(at(i, name, "name", DUPLICATE + first));
                } else if (firstFolded != null) {
                    warnings.add(at(i, name, "name", "name differs only in case from machine " + firstFolded
                            + ", they collide on case-insensitive file systems"));
                }
            }
        }
        return result(root.size(), machines);
    }

    private MachinesValidation result(List<ManagedMachine> machines) {
        return new MachinesValidation(machines, errors, warnings, List.of(), List.of());
    }

    /**
     * Splits the entries into those a node applies and those it skips: an entry with any problem
     * of its own is skipped, whatever the problem (see the class documentation).
     */
    private MachinesValidation result(int entries, Map<Integer, ManagedMachine> machines) {
        Map<Integer, List<Problem>> byEntry = new TreeMap<>();
        for (Problem p : errors) {
            p.index().ifPresent(i -> byEntry.computeIfAbsent(i, k -> new ArrayList<>()).add(p));
        }
        List<ManagedMachine> applicable = new ArrayList<>();
        List<MachinesValidation.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            List<Problem> problems = byEntry.get(i);
            ManagedMachine machine = machines.get(i);
            if (problems == null) {
                applicable.add(machine);
            } else {
                Optional<String> name = Optional.ofNullable(machine).map(ManagedMachine::name).filter(n -> !n.isEmpty())
                        .or(() -> problems.getFirst().name());
                skipped.add(new MachinesValidation.Skipped(i, name, problems));
            }
        }
        return new MachinesValidation(List.copyOf(machines.values()), errors, warnings, applicable, skipped);
    }

    private ManagedMachine entry(int index, JsonNode entry) {
        Optional<String> entryName = Optional.ofNullable(entry.get("name")).filter(JsonNode::isTextual).map(JsonNode::textValue);
        if (entryName.isEmpty()) {
            for (var e : entry.properties()) {
                if (e.getKey().equalsIgnoreCase("name") && e.getValue().isTextual()) {
                    entryName = Optional.of(e.getValue().textValue());
                }
            }
        }
        String label = entryName.orElse("");
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, JsonNode> objects = new HashMap<>();
        Map<String, String> memberOf = new HashMap<>();
        for (var e : entry.properties()) {
            String member = e.getKey();
            JsonNode value = e.getValue();
            String field = FIELDS.contains(member) ? member
                    : FIELDS.stream().filter(f -> f.equalsIgnoreCase(member)).findFirst().orElse(null);
            if (field == null) {
                if (member.equalsIgnoreCase("verify")) {
                    if (!(value.isTextual() && value.textValue().equals("SHA256SUMS"))) {
                        errors.add(at(index, label, member, "must be \"SHA256SUMS\" or left out: machines are always"
                                + " verified using SHA256SUMS"));
                    }
                } else {
                    errors.add(at(index, label, member, unknownMember(member)));
                }
                continue;
            }
            String previous = memberOf.put(field, member);
            if (previous != null) {
                errors.add(at(index, label, member, "repeats member " + quote(previous)
                        + " (members are matched case-insensitively)"));
                continue;
            }
            if (!member.equals(field)) {
                warnings.add(at(index, label, member, "read as " + quote(field) + ", write it in lowercase"));
            }
            if (value.isNull()) {
                continue;
            }
            if (OBJECT_FIELDS.contains(field)) {
                objects.put(field, value);
                continue;
            }
            if (!value.isTextual()) {
                errors.add(at(index, label, field, "must be a string, got " + Specification.kind(value)));
                continue;
            }
            values.put(field, value.textValue());
        }
        Problems nested = new Problems((member, message) -> errors.add(at(index, label, member, message)));
        Optional<HealthCheck> health = Optional.ofNullable(objects.get("health"))
                .flatMap(v -> HealthCheck.read(v, nested));
        Optional<RolloutPlan> rollout = Optional.ofNullable(objects.get("rollout"))
                .flatMap(v -> RolloutPlan.read(v, nested));
        ManagedMachine m = new ManagedMachine(
                values.getOrDefault("name", ""), values.getOrDefault("source", ""),
                values.getOrDefault("username", ""), values.getOrDefault("password", ""),
                values.getOrDefault("verify_checksum", ""), values.getOrDefault("checksum", ""),
                values.getOrDefault("match", ""), values.getOrDefault("governor", ""), health, rollout);
        checkName(index, label, m.name());
        checkSource(index, label, m.source());
        checkDigest(index, label, "checksum", m.checksum());
        checkDigest(index, label, "verify_checksum", m.verifyChecksum());
        checkQuotable(index, label, "username", m.username());
        checkQuotable(index, label, "password", m.password());
        checkQuotable(index, label, "governor", m.governor());
        if (!m.password().isEmpty() && m.username().isEmpty()) {
            warnings.add(at(index, label, "password", "set without a username"));
        }
        checkMatch(index, label, m.match());
        return m;
    }

    /**
     * The error for a member that is not one of the entry's, naming the likely intended one: an
     * ignored {@code matches} would deploy the machine on every node.
     */
    private static String unknownMember(String member) {
        String lower = member.toLowerCase(Locale.ROOT);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String field : FIELDS) {
            int distance = editDistance(lower, field);
            boolean prefix = Math.min(lower.length(), field.length()) >= 4
                    && (lower.startsWith(field) || field.startsWith(lower));
            if ((distance <= 2 || prefix) && distance < best) {
                best = distance;
                closest = field;
            }
        }
        return "unknown member" + (closest == null ? "" : " (did you mean " + quote(closest) + "?)")
                + ", an entry has " + String.join(", ", FIELDS);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private void checkName(int index, String label, String name) {
        if (name.isEmpty()) {
            errors.add(at(index, label, "name", "is required"));
        } else if (name.length() > 64) {
            errors.add(at(index, label, "name", "is longer than 64 characters (" + name.length() + ")"));
        } else if (!NAME.matcher(name).matches()) {
            errors.add(at(index, label, "name", quote(name) + " is not a safe machine name: use letters, digits,"
                    + " '.', '_' and '-', starting with a letter or digit"));
        } else if (name.contains("..")) {
            errors.add(at(index, label, "name", quote(name) + " must not contain '..'"));
        } else {
            reservedName(name).ifPresent(reason -> errors.add(at(index, label, "name", quote(name) + " " + reason)));
        }
    }

    /**
     * Why {@code name} would share a directory with the agent's own, if it would: each entry owns
     * {@code <name>} and {@code mm_<name>} in the machines directory.
     *
     * @param name a name that is otherwise valid, not null
     * @return the reason, starting with "is refused", or empty when the name is free
     */
    public static Optional<String> reservedName(String name) {
        if (name.startsWith("mm_")) {
            return Optional.of("is refused: names beginning with 'mm_' collide with the manager directories"
                    + " mm_<name> of other machines");
        }
        if (name.startsWith("mms_")) {
            return Optional.of("is refused: names beginning with 'mms_' are reserved for the agent's built-in"
                    + " machines such as mms_manager");
        }
        if (name.equals("tmp")) {
            return Optional.of("is refused: the agent ignores a directory named tmp (archives are unpacked in"
                    + " <machine>/tmp)");
        }
        if (name.endsWith("-temp")) {
            return Optional.of("is refused: the agent ignores directories ending in '-temp' (work in progress)");
        }
        return Optional.empty();
    }

    private void checkSource(int index, String label, String source) {
        if (source.isEmpty()) {
            errors.add(at(index, label, "source", "is required"));
            return;
        }
        if (!checkQuotable(index, label, "source", source) || source.contains("{{")) {
            return;
        }
        try {
            if (!new URI(source).isAbsolute()) {
                errors.add(at(index, label, "source", quote(source) + " is not an absolute url"));
                return;
            }
        } catch (URISyntaxException e) {
            errors.add(at(index, label, "source", quote(source) + " is not a valid url: " + lower(e.getReason())));
            return;
        }
        try {
            // the archive watcher's own rules, so that no node is handed a source it will refuse
            if (ArchiveSources.check(source).equals("file")) {
                warnings.add(at(index, label, "source", quote(source) + " is a file url: every node needs that file"));
            }
        } catch (MalformedURLException e) {
            errors.add(at(index, label, "source", e.getMessage()));
        }
    }

    private void checkDigest(int index, String label, String field, String value) {
        if (value.isEmpty()) {
            errors.add(at(index, label, field, "is required"));
        } else if (SHA256.matcher(value.toLowerCase(Locale.ROOT)).matches() && !SHA256.matcher(value).matches()) {
            errors.add(at(index, label, field, quote(value) + " must be lowercase hex (the archive watcher never matches uppercase digests)"));
        } else if (!SHA256.matcher(value).matches()) {
            errors.add(at(index, label, field, quote(value) + " is not a sha256 digest: expected 64 lowercase hex characters, got "
                    + value.length() + " characters"));
        }
    }

    private boolean checkQuotable(int index, String label, String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || Character.isISOControl(c)) {
                errors.add(at(index, label, field, "contains " + describe(c)
                        + ", which cannot be placed in the generated machine.yaml"));
                return false;
            }
        }
        return true;
    }

    private void checkMatch(int index, String label, String match) {
        try {
            Matcher.compile(match);
        } catch (MatcherException e) {
            errors.add(at(index, label, "match", quote(e.expression()) + ": " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // a defect in the matcher compiler must reject this entry, not stop a node's machines watcher
            errors.add(at(index, label, "match", "cannot be compiled: " + e));
        }
    }

    private static Problem document(String message) {
        return new Problem(OptionalInt.empty(), Optional.empty(), Optional.empty(), message);
    }

    private static Problem at(int index, String name, String field, String message) {
        return new Problem(OptionalInt.of(index), Optional.of(name).filter(n -> !n.isEmpty()), Optional.of(field), message);
    }

    private static String describe(char c) {
        return switch (c) {
            case '"' -> "a double quote";
            case '\\' -> "a backslash";
            case '\n' -> "a newline";
            default -> String.format("control character U+%04X", (int) c);
        };
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? "" : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    /** Single-quoted with control characters, quotes and backslashes escaped, for messages. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}

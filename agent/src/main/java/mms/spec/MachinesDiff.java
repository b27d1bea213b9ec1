package mms.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import mms.json.Json;

/**
 * What changes between two {@code machines.json} lists, entry by entry, as an operator reviews a
 * publication: entries are matched by {@code name}, and a changed entry lists each member that
 * differs with its value before and after. Members are compared as JSON values, their names
 * lowercased as nodes read them; members holding objects on both sides (a {@code rollout} plan,
 * {@code health}) are compared member by member, so a paused rollout shows as
 * {@code rollout.paused: false → true}, not as two whole plans. Nothing here knows what a member
 * means beyond {@link Change#upgraded()}: new members need no change here.
 *
 * @param added     entries only in the second list, sorted by name
 * @param removed   entries only in the first list, sorted by name
 * @param changed   entries in both whose members differ, sorted by name
 * @param unchanged names of the entries that are the same in both, sorted
 */
public record MachinesDiff(List<Entry> added, List<Entry> removed, List<Change> changed, List<String> unchanged) {

    /** Copies the lists. */
    public MachinesDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
    }

    /**
     * An entry added or removed.
     *
     * @param name    its name
     * @param members its members, names lowercased; a copy, not null
     */
    public record Entry(String name, ObjectNode members) {
        /** Copies the members. */
        public Entry {
            Objects.requireNonNull(name, "name");
            members = members.deepCopy();
        }

        /** A member's text, empty when absent, null or not text. */
        public Optional<String> text(String member) {
            JsonNode value = members.get(member);
            return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
        }

        /** The members, a copy. */
        @Override
        public ObjectNode members() {
            return members.deepCopy();
        }
    }

    /**
     * An entry whose members differ.
     *
     * @param name    its name
     * @param members what differs, in the order of the entry's members
     */
    public record Change(String name, List<MemberChange> members) {
        /** Copies the list. */
        public Change {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }

        /** Whether nodes install another archive: its {@code checksum} changed. */
        public boolean upgraded() {
            return members.stream().anyMatch(m -> m.member().equals("checksum"));
        }
    }

    /**
     * One member that differs.
     *
     * @param member its name, lowercased, with a dot for a member of an object member
     *               ({@code rollout.paused})
     * @param from   its value before; empty when absent
     * @param to     its value after; empty when absent
     */
    public record MemberChange(String member, Optional<JsonNode> from, Optional<JsonNode> to) {
        /** Rejects nulls. */
        public MemberChange {
            Objects.requireNonNull(member, "member");
            from = from.map(JsonNode::deepCopy);
            to = to.map(JsonNode::deepCopy);
        }
    }

    /** Whether the lists hold the same entries with the same members. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /**
     * Compares two lists.
     *
     * @param from the {@code machines.json} before: a JSON array of objects with a {@code name}, or
     *             {@code null}; not null
     * @param to   the one after, likewise
     * @throws SpecificationException when a list is not such an array, or names an entry twice
     */
    public static MachinesDiff of(byte[] from, byte[] to) throws SpecificationException {
        Map<String, ObjectNode> before = entries(from, "the first list");
        Map<String, ObjectNode> after = entries(to, "the second list");
        List<Entry> added = new ArrayList<>();
        List<Entry> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        after.forEach((name, entry) -> {
            if (!before.containsKey(name)) {
                added.add(new Entry(name, entry));
            }
        });
        before.forEach((name, entry) -> {
            ObjectNode next = after.get(name);
            if (next == null) {
                removed.add(new Entry(name, entry));
                return;
            }
            List<MemberChange> members = new ArrayList<>();
            compare("", entry, next, members);
            if (members.isEmpty()) {
                unchanged.add(name);
            } else {
                changed.add(new Change(name, members));
            }
        });
        return new MachinesDiff(added, removed, changed, unchanged);
    }

    private static void compare(String prefix, ObjectNode before, ObjectNode after, List<MemberChange> out) {
        Set<String> members = new LinkedHashSet<>();
        after.fieldNames().forEachRemaining(members::add);
        before.fieldNames().forEachRemaining(members::add);
        for (String member : members) {
            JsonNode a = present(before.get(member));
            JsonNode b = present(after.get(member));
            if (Objects.equals(a, b)) {
                continue;
            }
            if (a instanceof ObjectNode objectBefore && b instanceof ObjectNode objectAfter) {
                compare(prefix + member + ".", objectBefore, objectAfter, out);
            } else {
                out.add(new MemberChange(prefix + member, Optional.ofNullable(a), Optional.ofNullable(b)));
            }
        }
    }

    /** A null member counts as absent, as nodes read it. */
    private static JsonNode present(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }

    /** The entries by name, their member names lowercased. */
    private static Map<String, ObjectNode> entries(byte[] json, String which) throws SpecificationException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new SpecificationException(which + " is not json: " + Excerpt.line(e.getMessage()), e);
        }
        Map<String, ObjectNode> entries = new TreeMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return entries;
        }
        if (!root.isArray()) {
            throw new SpecificationException(which + " is not a list of machines: expected a json array, got "
                    + Specification.kind(root));
        }
        for (int i = 0; i < root.size(); i++) {
            if (!(root.get(i) instanceof ObjectNode entry)) {
                throw new SpecificationException(which + ": machine " + i + " is not a json object");
            }
            ObjectNode lowered = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                lowered.set(member.getKey().toLowerCase(Locale.ROOT), member.getValue());
            }
            JsonNode name = lowered.get("name");
            if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
                throw new SpecificationException(which + ": machine " + i + " has no name");
            }
            if (entries.put(name.textValue(), lowered) != null) {
                throw new SpecificationException(which + ": machine " + i + " repeats the name '" + Excerpt.of(name.textValue()) + "'");
            }
        }
        return entries;
    }
}

package mms.watcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mms.duration.DurationFormatException;
import mms.duration.GoDuration;

/**
 * A watcher's {@code properties} with the original's decoding rules: keys match ignoring ASCII
 * case, scalars convert weakly (strings from numbers and booleans, booleans from
 * {@code 1 t T TRUE true True 0 f F FALSE false False} or numbers, integers from strings with base
 * prefixes, one scalar where a list is expected), durations use Go syntax with a bare number
 * meaning nanoseconds. Unlike the original, keys nobody read are reported by {@link #unusedKeys()}.
 */
public final class WatcherProperties {
    private final String owner;
    /** How keys of this mapping are named in messages: empty at the top, {@code registration.} for a nested one. */
    private final String path;
    private final Map<String, Object> byLowerKey = new LinkedHashMap<>();
    private final Map<String, String> originalKey = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<WatcherProperties> nested = new ArrayList<>();

    /**
     * @param owner      how messages name the watcher, e.g. {@code exec watcher 'check'}
     * @param properties the decoded YAML mapping
     */
    public WatcherProperties(String owner, Map<String, Object> properties) {
        this(owner, properties, "");
    }

    private WatcherProperties(String owner, Map<String, Object> properties, String path) {
        this.owner = owner;
        this.path = path;
        properties.forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            byLowerKey.put(lower, v);
            originalKey.put(lower, k);
        });
    }

    /** Keys present in the YAML that no property read, in file order. */
    public List<String> unusedKeys() {
        List<String> out = new ArrayList<>();
        originalKey.forEach((lower, key) -> {
            if (!used.contains(lower)) {
                out.add(path + key);
            }
        });
        nested.forEach(n -> out.addAll(n.unusedKeys()));
        return out;
    }

    /**
     * Records that a value was accepted but changed (clamped to a limit, say), so that the load
     * reports it as a warning instead of refusing the machine.
     *
     * @param key   the property
     * @param value its value as written
     * @param what  what was done instead, e.g. {@code is below the minimum 10s, 10s is used}
     */
    public void warn(String key, Object value, String what) {
        warnings.add("property '" + path + originalKey.getOrDefault(key.toLowerCase(Locale.ROOT), key) + "' of "
                + owner + ": '" + value + "' " + what);
    }

    /** What {@link #warn} recorded, in order, then what it recorded for {@link #nested} properties. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>(warnings);
        nested.forEach(n -> out.addAll(n.warnings()));
        return List.copyOf(out);
    }

    /** Whether {@code key} is present (and not null). */
    public boolean has(String key) {
        return raw(key).isPresent();
    }

    /** The raw YAML value of {@code key}. */
    public Optional<Object> raw(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        used.add(lower);
        return Optional.ofNullable(byLowerKey.get(lower));
    }

    /** A text property; numbers and booleans become their text. */
    public Optional<String> string(String key) throws WatcherConfigException {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Object v = value.get();
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Boolean b) {
            return Optional.of(b ? "1" : "0");
        }
        if (v instanceof Number n) {
            return Optional.of(numberText(n));
        }
        throw bad(key, v, "must be text");
    }

    /** A text property that must be present and non-empty. */
    public String requiredString(String key) throws WatcherConfigException {
        Optional<String> value = string(key);
        if (value.isEmpty() || value.get().isEmpty()) {
            throw missing(key);
        }
        return value.get();
    }

    /** A text property, or {@code fallback} when absent. */
    public String string(String key, String fallback) throws WatcherConfigException {
        return string(key).orElse(fallback);
    }

    /** A boolean property, or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) throws WatcherConfigException {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Object v = value.get();
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return switch (s) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw bad(key, v, "is not a boolean (use true or false)");
            };
        }
        throw bad(key, v, "is not a boolean (use true or false)");
    }

    /** An integer property (strings may carry {@code 0x}, {@code 0o}, {@code 0b} or a leading-0 octal prefix). */
    public long integer(String key, long fallback) throws WatcherConfigException {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Object v = value.get();
        if (v instanceof Number n && (n instanceof Integer || n instanceof Long || n instanceof Short
                || n instanceof java.math.BigInteger || n.doubleValue() == Math.rint(n.doubleValue()))) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            if (t.isEmpty()) {
                return 0;
            }
            boolean negative = t.startsWith("-");
            if (negative || t.startsWith("+")) {
                t = t.substring(1);
            }
            try {
                long parsed;
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    parsed = Long.parseLong(t.substring(2), 16);
                } else if (t.startsWith("0o") || t.startsWith("0O")) {
                    parsed = Long.parseLong(t.substring(2), 8);
                } else if (t.startsWith("0b") || t.startsWith("0B")) {
                    parsed = Long.parseLong(t.substring(2), 2);
                } else if (t.length() > 1 && t.startsWith("0")) {
                    parsed = Long.parseLong(t.substring(1), 8);
                } else {
                    parsed = Long.parseLong(t);
                }
                return negative ? -parsed : parsed;
            } catch (NumberFormatException e) {
                throw bad(key, v, "is not a whole number");
            }
        }
        throw bad(key, v, "is not a whole number");
    }

    /** A Go-syntax duration ({@code 10s}, {@code 1m30s}); a bare number means nanoseconds, as the original. */
    public Optional<Duration> duration(String key) throws WatcherConfigException {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Object v = value.get();
        if (v instanceof Number n) {
            return Optional.of(Duration.ofNanos(n.longValue()));
        }
        if (v instanceof String s) {
            if (s.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(GoDuration.parse(s.strip()));
            } catch (DurationFormatException e) {
                throw bad(key, v, "is not a duration like 10s, 1m30s or 500ms (" + e.getMessage() + ")");
            }
        }
        throw bad(key, v, "is not a duration like 10s, 1m30s or 500ms");
    }

    /** A list of text; one scalar becomes a one-element list. */
    public List<String> strings(String key) throws WatcherConfigException {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Object v = value.get();
        List<?> items = v instanceof List<?> list ? list : List.of(v);
        for (Object item : items) {
            if (item instanceof String s) {
                out.add(s);
            } else if (item instanceof Number n) {
                out.add(numberText(n));
            } else if (item instanceof Boolean b) {
                out.add(b ? "1" : "0");
            } else {
                throw bad(key, item, "entries must be text");
            }
        }
        return out;
    }

    /** A nested mapping. */
    public Optional<Map<String, Object>> map(String key) throws WatcherConfigException {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return Optional.of(out);
        }
        throw bad(key, value.get(), "must be a mapping");
    }

    /**
     * A nested mapping read with these same rules, e.g. the gossip watcher's {@code registration}.
     * Its keys are named {@code <key>.<nested key>} in error messages and in {@link #unusedKeys()}.
     *
     * @return the nested properties; empty when {@code key} is absent
     * @throws WatcherConfigException when {@code key} is not a mapping
     */
    public Optional<WatcherProperties> nested(String key) throws WatcherConfigException {
        Optional<Map<String, Object>> value = map(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        WatcherProperties properties = new WatcherProperties(owner, value.get(), path + key + ".");
        nested.add(properties);
        return Optional.of(properties);
    }

    /**
     * A mapping of text to text, such as {@code annotations}: numbers and booleans become their
     * text, a null value empty text, in the YAML's order.
     *
     * @return the mapping; empty when {@code key} is absent
     * @throws WatcherConfigException when {@code key} is not a mapping or a value is a list or mapping
     */
    public Map<String, String> stringMap(String key) throws WatcherConfigException {
        Optional<Map<String, Object>> value = map(key);
        if (value.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : value.get().entrySet()) {
            Object v = entry.getValue();
            switch (v) {
                case null -> out.put(entry.getKey(), "");
                case String text -> out.put(entry.getKey(), text);
                case Boolean b -> out.put(entry.getKey(), b ? "1" : "0");
                case Number n -> out.put(entry.getKey(), numberText(n));
                default -> throw bad(key + "." + entry.getKey(), v, "must be text");
            }
        }
        return out;
    }

    /** An error saying that {@code key}, which has no value, is required. */
    public WatcherConfigException missing(String key) {
        return new WatcherConfigException("property '" + path + key + "' of " + owner + " is required");
    }

    /** An error about {@code key} naming the owner, the value and why it is wrong. */
    public WatcherConfigException bad(String key, Object value, String why) {
        return new WatcherConfigException("property '" + path + key + "' of " + owner + ": "
                + describe(value) + " " + why);
    }

    /** How messages name the watcher these properties belong to. */
    public String owner() {
        return owner;
    }

    private static String describe(Object value) {
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        return "'" + value + "'";
    }

    private static String numberText(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return java.math.BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString();
        }
        return n.toString();
    }
}

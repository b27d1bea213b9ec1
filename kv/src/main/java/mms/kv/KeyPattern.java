package mms.kv;

import java.util.List;
import java.util.Objects;

/**
 * Which keys a watch follows, written like a NATS subject over the key's dot-separated tokens:
 * a plain key matches itself only; {@code *} matches exactly one token ({@code app.*.config}); a
 * final {@code >} matches one or more tokens ({@code app.>} follows every key under {@code app.},
 * but not {@code app} itself); {@code >} alone matches every key. There is no plain-prefix form:
 * a prefix is written {@code prefix.>}, exactly as on JetStream, so both engines agree.
 *
 * @param pattern the pattern text, validated, never null
 */
public record KeyPattern(String pattern) {
    /** The pattern matching every key of a bucket. */
    public static final KeyPattern ALL = new KeyPattern(">");

    /** Checks the pattern; use {@link #parse(String)} for a checked error. */
    public KeyPattern {
        Objects.requireNonNull(pattern, "pattern");
        String problem = problem(pattern);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Parses a pattern.
     *
     * @param pattern the text, may be null (rejected)
     * @return the pattern
     * @throws InvalidName when empty, holding invalid characters or empty tokens, or a {@code >} that is not the last token
     */
    public static KeyPattern parse(String pattern) throws InvalidName {
        if (pattern == null) {
            throw new InvalidName("key pattern is required");
        }
        String problem = problem(pattern);
        if (problem != null) {
            throw new InvalidName(problem);
        }
        return new KeyPattern(pattern);
    }

    private static String problem(String pattern) {
        if (pattern.isEmpty()) {
            return "key pattern is required";
        }
        List<String> tokens = List.of(pattern.split("\\.", -1));
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.isEmpty()) {
                return "invalid key pattern '" + pattern + "': empty token";
            }
            if (t.equals(">") && i != tokens.size() - 1) {
                return "invalid key pattern '" + pattern + "': '>' must be the last token";
            }
            if (!t.equals("*") && !t.equals(">") && !KvNames.isValidKey(t)) {
                return "invalid key pattern '" + pattern + "': token '" + t + "' is not a valid key token";
            }
        }
        return null;
    }

    /** Returns true when the pattern has no wildcard, i.e. names exactly one key. */
    public boolean isLiteral() {
        return !pattern.equals(">") && !pattern.equals("*") && !pattern.endsWith(".>") && !pattern.startsWith("*.")
                && !pattern.contains(".*.") && !pattern.endsWith(".*");
    }

    /**
     * Returns true when the key matches this pattern.
     *
     * @param key a key, not null
     */
    public boolean matches(String key) {
        if (isLiteral()) {
            return pattern.equals(key);
        }
        String[] p = pattern.split("\\.", -1);
        String[] k = key.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return k.length > i;
            }
            if (i >= k.length || !(p[i].equals("*") || p[i].equals(k[i]))) {
                return false;
            }
        }
        return p.length == k.length;
    }

    @Override
    public String toString() {
        return pattern;
    }
}

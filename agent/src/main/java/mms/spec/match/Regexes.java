package mms.spec.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Regular expressions of matchers ({@code identity(re)}, {@code matches}): RE2/J, the Java port of
 * RE2, so the syntax is the original's (Go's {@code regexp}: named groups {@code (?P<n>...)}, no
 * back-references, look-around or possessive quantifiers, {@code $} only at the very end without
 * {@code (?m)}) and matching takes time linear in the input: no pattern can make a node backtrack
 * for ever.
 */
final class Regexes {

    private static final String GO_PREFIX = "error parsing regexp: ";

    private Regexes() {}

    /**
     * Compiles {@code pattern}, or fails with a matcher error at {@code offset} of the expression
     * {@code source} (the string literal or operand that holds the pattern).
     */
    static Pattern compile(String pattern, String source, int offset) throws MatcherException {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw MatcherException.at("invalid regular expression " + Checker.quote(pattern) + ": " + describe(e),
                    source, offset);
        }
    }

    /** Go's wording without its prefix, e.g. {@code missing closing ]: `[web`}. */
    private static String describe(PatternSyntaxException e) {
        String message = e.getMessage();
        return message.startsWith(GO_PREFIX) ? message.substring(GO_PREFIX.length()) : e.getDescription();
    }
}

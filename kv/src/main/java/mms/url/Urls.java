package mms.url;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * URLs as they may be logged, published or shown: the one redactor of the project, so that a
 * password in a store URL, a token in an archive source's query string or basic-auth user
 * information never reaches a log line, an event or an error message, whichever part prints it.
 */
public final class Urls {

    /** {@code scheme://user:password@}: the user information of any URL in a text. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s,]*@");
    /** {@code ?query}: up to the fragment, a blank or a comma (the separator of server lists). */
    private static final Pattern QUERY = Pattern.compile("(?<=://[^\\s,]{0,2048})\\?[^#\\s,]*");

    private Urls() {}

    /**
     * Replaces the user information of every URL in {@code text} by {@code ***@} and every query
     * string by {@code ?…}; everything else is kept, so the result still says which server or
     * file was meant: {@code nats://app:secret@nats1:4222} becomes {@code nats://***@nats1:4222},
     * {@code https://repo/a.tgz?token=x} becomes {@code https://repo/a.tgz?…}.
     *
     * @param text a URL, a comma-separated list of URLs or a message holding URLs; not null
     * @return the redacted text, never null
     */
    public static String redact(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.contains("://")) {
            return text;
        }
        String withoutUsers = USER_INFO.matcher(text).replaceAll("***@");
        return QUERY.matcher(withoutUsers).replaceAll("?…");
    }
}

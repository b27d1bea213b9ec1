package mms.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an endpoint answers.
 *
 * @param status      the HTTP status code
 * @param contentType the {@code Content-Type}, not null
 * @param body        the body, not null (empty for none); not copied, so not to be changed afterwards
 */
public record Response(int status, String contentType, byte[] body) {

    /** Rejects nulls and status codes HTTP does not have. */
    public Response {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("http status " + status + " is not between 100 and 599");
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** A plain-text response in UTF-8. */
    public static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON response; {@code json} is the serialised document, in UTF-8. */
    public static Response json(int status, String json) {
        return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}

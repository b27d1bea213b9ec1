package mms.http;

import java.util.Objects;

/**
 * One request to a {@link Routes route}.
 *
 * @param method the HTTP method, upper case, e.g. {@code GET} or {@code POST}; a {@code HEAD}
 *               request is handed over as {@code GET} (its body is dropped afterwards)
 * @param path   the decoded path, e.g. {@code /choria/machine/switch/v1/web/power}
 * @param body   the request body, not null, empty for none; at most {@link Routes#MAX_BODY} bytes;
 *               not copied, so not to be changed
 */
public record Request(String method, String path, byte[] body) {

    /** Rejects nulls. */
    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
    }
}

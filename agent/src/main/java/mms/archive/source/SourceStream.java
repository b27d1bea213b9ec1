package mms.archive.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An opened download: the body and, when the source knows it beforehand, its length in bytes.
 *
 * @param body   the content, never {@code null}; closing the record closes it
 * @param length the announced length (e.g. HTTP {@code Content-Length}), empty when unknown
 */
public record SourceStream(InputStream body, OptionalLong length) implements Closeable {

    public SourceStream {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(length, "length");
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}

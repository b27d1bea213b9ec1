package mms.event;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import mms.posix.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each event as one CloudEvent JSON line to a file, flushed per line so a tail or a
 * crash sees whole lines. A write failure is logged once and the sink keeps trying.
 */
public final class JsonLinesEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesEventSink.class);
    private final Path file;
    private final BufferedWriter out;
    private boolean failing;

    /**
     * Opens {@code file} for appending, creating it (mode 0600) and its missing parent directories
     * (mode 0700) when missing; an existing file others may read is kept, with a warning: events
     * name the node's machines, states and data.
     */
    public JsonLinesEventSink(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            PrivateFiles.createDirectories(parent);
        }
        PrivateFiles.createFile(file);
        PrivateFiles.exposure(file, "events file").ifPresent(LOG::warn);
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void publish(MachineEvent event) {
        try {
            out.write(CloudEvents.toJson(event));
            out.write('\n');
            out.flush();
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("could not append event to {}: {}", file, e.getMessage());
            }
            failing = true;
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("could not close event file {}: {}", file, e.getMessage());
        }
    }
}

package mms.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import mms.files.AtomicFiles;

/**
 * A small JSON object the agent keeps on disk to remember decisions across restarts (the highest
 * specification applied, the rollouts it reverted): private to the agent's user, replaced
 * atomically and durably, marked with a {@code protocol} member, bounded in size. A file that is
 * there but unusable is an error naming the file and what it is for, never silently an empty
 * state, because forgetting would undo the decisions it holds.
 */
public final class JsonStateFile {
    private final Path file;
    private final String protocol;
    private final long maxLength;
    private final String what;
    private final String repair;

    /**
     * @param file      where it is kept
     * @param protocol  the value of its {@code protocol} member
     * @param maxLength the largest file read, in bytes
     * @param what      what it is, e.g. {@code rollout state file}
     * @param repair    what it holds and what removing it does, for the error of an unusable file
     */
    public JsonStateFile(Path file, String protocol, long maxLength, String what, String repair) {
        this.file = Objects.requireNonNull(file, "file");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.maxLength = maxLength;
        this.what = Objects.requireNonNull(what, "what");
        this.repair = Objects.requireNonNull(repair, "repair");
    }

    /**
     * The object it holds; empty when there is no file.
     *
     * @throws IOException when it cannot be read, is too large, not JSON or of another protocol
     */
    public Optional<ObjectNode> read() throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > maxLength) {
                throw unusable("it is larger than " + maxLength + " bytes", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw unusable("not json: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !protocol.equals(root.path("protocol").asText())) {
            throw unusable("not a " + what + " of protocol " + protocol, null);
        }
        return Optional.of((ObjectNode) root);
    }

    /**
     * Replaces the file with {@code root} behind its {@code protocol} member (written first),
     * durably: the new file and its directory entry are on disk when this returns; on failure the
     * previous file is kept.
     */
    public void write(ObjectNode root) throws IOException {
        ObjectNode marked = Json.object();
        marked.put("protocol", protocol);
        root.properties().forEach(member -> {
            if (!member.getKey().equals("protocol")) {
                marked.set(member.getKey(), member.getValue());
            }
        });
        byte[] bytes = Json.write(marked).getBytes(StandardCharsets.UTF_8);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        AtomicFiles.replace(file, AtomicFiles.PRIVATE, out -> out.write(bytes));
        AtomicFiles.syncDirectory(directory);
    }

    /** The error for a file whose content cannot be used, naming it, the problem and the repair. */
    public IOException unusable(String problem, Throwable cause) {
        return new IOException(what + " " + file + " is unusable (" + problem + "): " + repair, cause);
    }
}

package mms.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import mms.json.Json;
import mms.json.JsonStateFile;

/**
 * What a node remembers about the specifications it accepted, so that no restart makes it forget:
 * per data item (which stands for the bucket and key its manager machine reads), the highest
 * serial applied with the digest of its content, and the trust document adopted through the
 * store. One file, {@value #FILE_NAME}, in the manager machine's directory (e.g.
 * {@code /etc/mms/machines/mms_manager/}), beside the machine data its kv watchers keep; mode 0600.
 *
 * <pre>{@code
 * {"protocol":"io.mms.specification.state.v1",
 *  "specifications":{"machines":{"serial":43,"digest":"<sha-256 of the payload>",
 *                    "issued":"2026-05-01T10:00:00Z","expires":"2026-05-31T10:00:00Z",
 *                    "audience":"production","recorded":"2026-05-01T10:00:02Z"}},
 *  "trust":{"trust":"<the adopted trust document's envelope>"}}
 * }</pre>
 *
 * <p>Every change replaces the file whole (temporary file, fsync, rename, fsync of the directory),
 * so a crash leaves the previous state or the new one, never a mix. A file that cannot be read
 * makes the node refuse specifications ({@link Refusal#STATE_UNAVAILABLE}) rather than forget the
 * serial and accept a rollback; removing the file resets the node: it then accepts any serial
 * once, and trusts its configured keys or document again. Safe for concurrent use within one JVM.
 */
public final class SpecificationLedger {

    /** The file's name in the manager machine's directory. */
    public static final String FILE_NAME = "specification_state.json";
    /** The {@code protocol} member of this version of the file. */
    public static final String PROTOCOL = "io.mms.specification.state.v1";
    /** One lock for every ledger of the JVM: read-modify-write cycles are rare and short. */
    private static final Object WRITING = new Object();
    private static final int MAX_LENGTH = 2 * Envelope.MAX_LENGTH;

    private final Path file;
    private final JsonStateFile state;

    private SpecificationLedger(Path file) {
        this.file = file;
        this.state = new JsonStateFile(file, PROTOCOL, MAX_LENGTH, "specification state file", "it holds the"
                + " highest serial applied and the adopted trust; repair or remove it (removing it accepts any serial"
                + " once and returns to the configured trust)");
    }

    /**
     * The ledger kept in {@code directory} (created on the first write).
     *
     * @param directory the manager machine's directory, not null
     */
    public static SpecificationLedger in(Path directory) {
        return new SpecificationLedger(directory.resolve(FILE_NAME));
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /**
     * The highest versioned specification applied from {@code item}.
     *
     * @param item the data item, not null
     * @throws IOException when the file exists but cannot be read or is corrupt; the message names it
     */
    public Optional<Applied> applied(String item) throws IOException {
        JsonNode entry = read().path("specifications").path(item);
        if (entry.isMissingNode()) {
            return Optional.empty();
        }
        try {
            if (!entry.path("serial").canConvertToLong() || entry.path("serial").longValue() < 1) {
                throw new IllegalArgumentException("serial is missing or not a positive integer");
            }
            return Optional.of(new Applied(entry.path("serial").longValue(), text(entry, "digest"),
                    Instant.parse(text(entry, "issued")),
                    entry.has("expires") ? Optional.of(Instant.parse(text(entry, "expires"))) : Optional.empty(),
                    text(entry, "audience"), Instant.parse(text(entry, "recorded"))));
        } catch (RuntimeException e) {
            throw corrupt("specifications." + item + ": " + e.getMessage(), e);
        }
    }

    /**
     * Remembers {@code applied} as the highest specification applied from {@code item}, durably,
     * before the node acts on it.
     *
     * @throws IOException when the file cannot be read or replaced; the previous state is kept
     */
    public void recordApplied(String item, Applied applied) throws IOException {
        Objects.requireNonNull(applied, "applied");
        update(root -> {
            ObjectNode entry = root.withObjectProperty("specifications").putObject(item);
            entry.put("serial", applied.serial());
            entry.put("digest", applied.digest());
            entry.put("issued", applied.issued().toString());
            applied.expires().ifPresent(e -> entry.put("expires", e.toString()));
            entry.put("audience", applied.audience());
            entry.put("recorded", applied.recorded().toString());
        });
    }

    /**
     * The trust document adopted from {@code item} through the store, if any.
     *
     * @throws IOException when the file cannot be read, is corrupt, or holds a document that does not parse
     */
    public Optional<TrustDocument> adopted(String item) throws IOException {
        JsonNode entry = read().path("trust").path(item);
        if (entry.isMissingNode()) {
            return Optional.empty();
        }
        if (!entry.isTextual()) {
            throw corrupt("trust." + item + " is not a trust document envelope", null);
        }
        try {
            return Optional.of(TrustDocument.parse(entry.textValue()));
        } catch (SpecificationException e) {
            throw corrupt("trust." + item + ": " + e.getMessage(), e);
        }
    }

    /**
     * Remembers {@code document} as the trust adopted from {@code item}, durably, before the node
     * relies on it.
     *
     * @throws IOException when the file cannot be read or replaced; the previous state is kept
     */
    public void recordAdopted(String item, TrustDocument document) throws IOException {
        Objects.requireNonNull(document, "document");
        update(root -> root.withObjectProperty("trust").put(item, document.toJson()));
    }

    /**
     * The highest versioned specification a node applied from one place.
     *
     * @param serial   its serial
     * @param digest   the hex SHA-256 of its payload ({@link VersionedSpecification#payloadDigest()})
     * @param issued   when it was issued
     * @param expires  when it expires, if it does
     * @param audience its audience
     * @param recorded when the node accepted it
     */
    public record Applied(long serial, String digest, Instant issued, Optional<Instant> expires, String audience,
                          Instant recorded) {

        /** Rejects nulls. */
        public Applied {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(issued, "issued");
            Objects.requireNonNull(expires, "expires");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(recorded, "recorded");
        }

        /** What the node remembers of {@code specification}, accepted at {@code now}. */
        public static Applied of(VersionedSpecification specification, Instant now) {
            VersionedSpecification.Header h = specification.header();
            return new Applied(h.serial(), specification.payloadDigest(), h.issued(), h.expires(), h.audience(), now);
        }
    }

    private interface Change {
        void apply(ObjectNode root);
    }

    private void update(Change change) throws IOException {
        synchronized (WRITING) {
            ObjectNode root = read().deepCopy();
            change.apply(root);
            state.write(root);
        }
    }

    private ObjectNode read() throws IOException {
        return state.read().orElseGet(Json::object);
    }

    private static String text(JsonNode entry, String member) {
        JsonNode value = entry.get(member);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(member + " is missing or not a string");
        }
        return value.textValue();
    }

    private IOException corrupt(String problem, Throwable cause) {
        return state.unusable(problem, cause);
    }
}

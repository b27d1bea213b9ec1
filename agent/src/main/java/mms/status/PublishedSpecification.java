package mms.status;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import mms.kv.Entry;
import mms.spec.Envelope;
import mms.spec.ManagedMachine;
import mms.spec.Specification;
import mms.spec.SpecificationDigest;
import mms.spec.SpecificationException;
import mms.spec.MachinesValidator;
import mms.spec.VersionedSpecification;

/**
 * The specification the fleet should run: the current value of the manager's bucket and key, what
 * it asks for, and the digests of the earlier values the bucket still keeps, so a node's digest can
 * be named by its revision.
 *
 * @param bucket    the bucket, not null
 * @param key       the key, not null
 * @param revision  the current value's revision
 * @param created   when it was put, not null
 * @param digest    its {@link SpecificationDigest}, as nodes report it, not null
 * @param problem   why no node can apply it (it does not parse, in the original's format or as a
 *                  versioned specification, or its {@code machines.json} breaks a rule of the
 *                  whole document), checked without a key; empty when it may be applied, not null
 * @param checksums the archive checksum of each entry nodes can use, by machine name, lowercase
 *                  (entries nodes skip are left out: they leave those machines as they are); empty
 *                  with a problem; not null
 * @param revisions the revision of each value the bucket keeps, by digest (the latest revision of a
 *                  digest put more than once), not null
 * @param machines  its entries nodes can use, in document order (with their health checks and
 *                  rollout plans); empty with a problem; not null
 */
public record PublishedSpecification(String bucket, String key, long revision, Instant created, String digest,
                                     Optional<String> problem, Map<String, String> checksums,
                                     Map<String, Long> revisions, List<ManagedMachine> machines) {

    /** Rejects nulls, copies the maps. */
    public PublishedSpecification {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(problem, "problem");
        checksums = Collections.unmodifiableSortedMap(new TreeMap<>(checksums));
        revisions = Collections.unmodifiableMap(new LinkedHashMap<>(revisions));
        machines = List.copyOf(machines);
    }

    /** A specification whose entries are only known by their checksums. */
    public PublishedSpecification(String bucket, String key, long revision, Instant created, String digest,
                                  Optional<String> problem, Map<String, String> checksums, Map<String, Long> revisions) {
        this(bucket, key, revision, created, digest, problem, checksums, revisions, List.of());
    }

    /**
     * The specification of a key's history, or empty when the key holds none (never put, deleted
     * or purged).
     *
     * @param bucket  the bucket, not null
     * @param key     the key, not null
     * @param history the key's entries, oldest first, as {@code KeyValueBucket#history} returns them
     */
    public static Optional<PublishedSpecification> of(String bucket, String key, List<Entry> history) {
        if (history.isEmpty() || history.getLast().isMarker()) {
            return Optional.empty();
        }
        Map<String, Long> revisions = new LinkedHashMap<>();
        for (Entry e : history) {
            if (!e.isMarker()) {
                revisions.put(SpecificationDigest.of(e.valueAsString()), e.revision());
            }
        }
        Entry current = history.getLast();
        String text = current.valueAsString();
        Map<String, String> checksums = new TreeMap<>();
        List<ManagedMachine> machines = List.of();
        Optional<String> problem = Optional.empty();
        try {
            // as nodes read it: entries they skip are left as they are, so they are no part of what the fleet should run
            machines = MachinesValidator.validate(machines(text.strip())).applicableOrThrow();
            for (ManagedMachine m : machines) {
                checksums.put(m.name(), m.checksum().toLowerCase(Locale.ROOT));
            }
        } catch (SpecificationException e) {
            problem = Optional.of(e.getMessage());
            checksums.clear();
            machines = List.of();
        }
        return Optional.of(new PublishedSpecification(bucket, key, current.revision(), current.created(),
                SpecificationDigest.of(text), problem, checksums, revisions, machines));
    }

    /** The {@code machines.json} an envelope carries, in either format; signatures are not checked. */
    private static byte[] machines(String envelope) throws SpecificationException {
        return Envelope.isEnvelope(envelope) ? VersionedSpecification.parse(envelope).machines()
                : Specification.parse(envelope).payload();
    }

    /** The revision a node's digest stands for, when the bucket still keeps it. */
    public Optional<Long> revisionOf(String digest) {
        return Optional.ofNullable(revisions.get(digest));
    }
}
